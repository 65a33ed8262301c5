import { formatDuration } from "@/lib/format/format-duration";
import type { TimelineModel, TimelineRow, TimelineSegment } from "./timeline-rows";

const steps = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** One labelled tick of the time axis, placed in pixels. */
export interface TimelineTick {
  readonly ms: number;
  readonly label: string;
  /** The tick's x, in px from the axis's start. */
  readonly x: number;
  /** `start`: the label reads rightwards from its tick; `end`: leftwards (near the axis's end). */
  readonly align: "start" | "end";
}

/**
 * An axis label's width in px at the axis's 10 px tabular text, padding and border included. Generous
 * (digits and "+ms" are about 5.6 px wide in the sans fonts we ship), so a kept label never touches the next.
 */
export function tickLabelWidth(label: string): number {
  return Math.ceil(label.length * 6.2) + 6;
}

const LABEL_GAP_PX = 8;

/**
 * Ticks for a time axis `widthPx` wide spanning `spanMs`: about one every 90 px, on round steps.
 * A label that would run past the axis's end reads leftwards from its tick; a tick whose label would
 * touch the previous label (long labels such as "+1 m 10 s", or the leftward last one) is left out.
 */
export function timelineTicks(spanMs: number, widthPx: number): TimelineTick[] {
  if (!(spanMs > 0) || !(widthPx > 0)) return [{ ms: 0, label: "0", x: 0, align: "start" }];
  const target = (spanMs / widthPx) * 90;
  const step = steps.find((s) => s >= target) ?? 86_400_000 * Math.ceil(target / 86_400_000);
  const out: TimelineTick[] = [];
  let previousRight = -Infinity;
  for (let ms = 0; ms <= spanMs; ms += step) {
    const label = ms === 0 ? "0" : `+${formatDuration(ms)}`;
    const x = (ms / spanMs) * widthPx;
    const width = tickLabelWidth(label);
    const align = x + width > widthPx ? "end" : "start";
    const left = align === "start" ? x : x - width;
    if (left < previousRight + LABEL_GAP_PX) continue;
    out.push({ ms, label, x, align });
    previousRight = align === "start" ? x + width : x;
  }
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
