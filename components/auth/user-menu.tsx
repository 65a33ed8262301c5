"use client";

import Link from "next/link";
import { useActor } from "./actor-context";

/** The nav's foot: who is signed in with which role, and sign in / out. */
export function UserMenu() {
  const actor = useActor();
  async function signOut() {
    await fetch("/api/auth/logout", { method: "POST" });
    window.location.assign("/");
  }
  if (actor.via === "anonymous") {
    return (
      <div className="flex items-center justify-between px-3 py-2 text-zinc-600 dark:text-zinc-400">
        <span>Not signed in{actor.role ? " (read only)" : ""}</span>
        <Link href="/login" className="underline">Sign in</Link>
      </div>
    );
  }
  return (
    <div className="flex items-center justify-between gap-2 px-3 py-2 text-zinc-600 dark:text-zinc-400">
      <span className="truncate" title={`${actor.name} · ${actor.role ?? "no role"}`} data-testid="signed-in-as">
        {actor.name} <span className="text-xs uppercase">{actor.role}</span>
      </span>
      {actor.via === "session" ? (
        <button type="button" onClick={signOut} className="underline">Sign out</button>
      ) : null}
    </div>
  );
}
