import { formatDuration } from "@/lib/format/format-duration";
import type { TimelineModel, TimelineRow, TimelineSegment } from "./timeline-rows";

const steps = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** Ticks for a time axis `widthPx` wide spanning `spanMs`: about one every 90 px, on round steps. */
export function timelineTicks(spanMs: number, widthPx: number): { ms: number; label: string }[] {
  const target = (spanMs / Math.max(1, widthPx)) * 90;
  const step = steps.find((s) => s >= target) ?? 86_400_000 * Math.ceil(target / 86_400_000);
  const out: { ms: number; label: string }[] = [];
  for (let ms = 0; ms <= spanMs; ms += step) out.push({ ms, label: ms === 0 ? "0" : `+${formatDuration(ms)}` });
  return out;
}

/** Exact wall-clock time of an offset, local and UTC (for hovers). */
export function exactTime(model: TimelineModel, offsetMs: number): string {
  const d = new Date(model.originMs + offsetMs);
  const local = d.toLocaleTimeString(undefined, {
    hour12: false,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
  });
  return `${local} (${d.toISOString().slice(11, 23)} UTC)`;
}

/** The hover text of a segment: what it is, from when to when, how long. */
export function describeSegment(model: TimelineModel, row: TimelineRow, s: TimelineSegment): string {
  const what =
    s.kind === "backoff"
      ? `Backoff before attempt ${s.attempt}`
      : `Attempt ${s.attempt}: ${s.status}${s.error ? ` (${s.error})` : ""}`;
  return `${row.label} — ${what}\n${exactTime(model, s.startMs)} → ${exactTime(model, s.endMs)}\n${formatDuration(s.endMs - s.startMs)}`;
}

/** The hover text of a whole row. */
export function describeRow(model: TimelineModel, row: TimelineRow): string {
  return `${row.label}: ${row.status}${row.retries ? `, ${row.retries} retries` : ""}${row.critical ? ", on the critical path" : ""}\n${exactTime(model, row.startMs)} → ${row.open ? "still running" : exactTime(model, row.endMs)}\n${formatDuration(row.endMs - row.startMs)}`;
}
