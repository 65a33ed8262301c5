"use client";

import { useHydrated } from "@/components/layout/use-hydrated";
import { useTimeZone } from "./time-zone-context";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function format(d: Date, utc: boolean): string {
  const y = utc ? d.getUTCFullYear() : d.getFullYear();
  const mo = (utc ? d.getUTCMonth() : d.getMonth()) + 1;
  const day = utc ? d.getUTCDate() : d.getDate();
  const h = utc ? d.getUTCHours() : d.getHours();
  const mi = utc ? d.getUTCMinutes() : d.getMinutes();
  const s = utc ? d.getUTCSeconds() : d.getSeconds();
  const ms = utc ? d.getUTCMilliseconds() : d.getMilliseconds();
  return `${y}-${pad(mo)}-${pad(day)} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}${utc ? " UTC" : ""}`;
}

/**
 * A point in time in the chosen zone (local by default), with UTC on hover. The server
 * does not know the reader's zone: it renders UTC, and the browser switches to local time
 * once hydrated (a server-rendered local time would be the server's zone).
 */
export function Timestamp({ iso }: { iso: string | null | undefined }) {
  const { zone } = useTimeZone();
  const inBrowser = useHydrated();
  if (!iso) return <span className="text-zinc-400">—</span>;
  const d = new Date(iso);
  return (
    <time dateTime={iso} title={d.toISOString()} className="tabular-nums whitespace-nowrap">
      {format(d, zone === "utc" || !inBrowser)}
    </time>
  );
}
