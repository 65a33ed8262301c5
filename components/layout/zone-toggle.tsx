"use client";

import { useTimeZone } from "@/components/time/time-zone-context";

/** Switches every timestamp between local time and UTC. */
export function ZoneToggle() {
  const { zone, toggle } = useTimeZone();
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={zone === "utc"}
      className="rounded border border-zinc-300 px-2 py-1 text-xs dark:border-zinc-700"
      suppressHydrationWarning
    >
      {zone === "utc" ? "UTC" : "Local time"}
    </button>
  );
}
