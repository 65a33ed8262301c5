"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useActor } from "@/components/auth/actor-context";

/** Removes the demo source (after a confirmation); the page then reloads its data. Admins only (the server checks again). */
export function RemoveDemoButton() {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "busy" | string>("idle");
  if (!useActor().can("admin")) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={state === "busy"}
        className="whitespace-nowrap rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950"
        onClick={async () => {
          if (!window.confirm("Remove the demo source and all its generated executions? They will not come back."))
            return;
          setState("busy");
          const res = await fetch("/api/sources/demo", { method: "DELETE" });
          if (res.ok) {
            setState("idle");
            router.refresh();
          } else {
            setState(`Could not remove: ${res.status}`);
          }
        }}
      >
        Remove demo data
      </button>
      {state !== "idle" && state !== "busy" ? <span className="text-xs text-red-700">{state}</span> : null}
    </span>
  );
}
