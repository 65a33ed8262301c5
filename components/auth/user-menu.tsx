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
        <Link href="/login" className="underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
      <div
        className="truncate font-medium text-zinc-800 dark:text-zinc-200"
        title={actor.name}
        data-testid="signed-in-as"
      >
        {actor.name}
      </div>
      <div className="flex items-center justify-between text-xs">
        <span className="uppercase tracking-wide">{actor.role ?? "no role"}</span>
        {actor.via === "session" ? (
          <button type="button" onClick={signOut} className="underline">
            Sign out
          </button>
        ) : null}
      </div>
    </div>
  );
}
