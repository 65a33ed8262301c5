import type { Costs } from "./cost-types";
import type { Overview } from "@/lib/queries/get-overview";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A UTC bucket start as an axis label: `14:00` / `Nov 21 14:00` for hours, `Nov 21` for days. */
export function formatBucketLabel(iso: string, bucket: "hour" | "day", spansDays: boolean): string {
  const d = new Date(iso);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (bucket === "day") return day;
  const hour = `${String(d.getUTCHours()).padStart(2, "0")}:00`;
  return spansDays ? `${day} ${hour}` : hour;
}

/** The overview series as chart points, with every bucket of the span present (empty hours/days as zeros). */
export function toStatusChartPoints(overview: Pick<Overview, "bucket" | "series">) {
  const series = overview.series;
  if (series.length === 0) return [];
  const stepMs = overview.bucket === "hour" ? 3_600_000 : 86_400_000;
  const byAt = new Map(series.map((p) => [Date.parse(p.at), p]));
  const first = Date.parse(series[0]!.at);
  const last = Date.parse(series[series.length - 1]!.at);
  const spansDays = last - first >= 86_400_000;
  const out = [];
  for (let t = first; t <= last; t += stepMs) {
    const p = byAt.get(t);
    out.push({
      label: formatBucketLabel(new Date(t).toISOString(), overview.bucket, spansDays),
      succeeded: p?.succeeded ?? 0,
      failed: p?.failed ?? 0,
      timed_out: p?.timed_out ?? 0,
      aborted: p?.aborted ?? 0,
      running: p?.running ?? 0,
      pending_redrive: p?.pending_redrive ?? 0,
    });
  }
  return out;
}

/** Cost per day as chart points. */
export function toCostChartPoints(costs: Costs) {
  return costs.byDay.map((d) => ({
    label: formatBucketLabel(`${d.day}T00:00:00Z`, "day", true),
    standard: d.standardUsd,
    express: d.expressUsd,
  }));
}
