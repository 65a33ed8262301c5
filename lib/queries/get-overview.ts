import type { Database } from "@/lib/db/database";
import { getRangeStart, type AnalyticsParams } from "@/lib/queries/analytics-params";
import { getHistogramQuantile } from "@/lib/analytics/duration-bucket";
import { analyticsFilterSql, sqlParam } from "./analytics-filter-sql";

export const overviewStatuses = ["succeeded", "failed", "timed_out", "aborted", "running", "pending_redrive"] as const;
export type OverviewStatus = (typeof overviewStatuses)[number];

export interface OverviewPoint extends Record<OverviewStatus, number> {
  /** Start of the bucket, ISO UTC. */
  readonly at: string;
}

export interface DurationPercentiles {
  /** Upper bounds (ms) of the histogram buckets holding p50/p95/p99; null without ended executions. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly ended: number;
}

export interface OverviewMachineRow extends DurationPercentiles {
  readonly stateMachine: string;
  readonly stateMachineArn: string;
  readonly total: number;
  readonly failures: number;
  readonly failureRate: number | null;
}

export interface Overview {
  readonly bucket: "hour" | "day";
  readonly series: readonly OverviewPoint[];
  readonly totals: Readonly<Record<OverviewStatus, number>> & { readonly total: number };
  /** (failed + timed out) / ended executions; null when none ended. */
  readonly failureRate: number | null;
  readonly durations: DurationPercentiles;
  readonly machines: readonly OverviewMachineRow[];
}

const sum = (col: string) => `sum(t.${col})::int AS ${col}`;

/** The Overview page: executions over time by status, failure rate and duration percentiles, from the hourly rollups. */
export async function getOverview(db: Pick<Database, "pool">, p: AnalyticsParams, now = new Date()): Promise<Overview> {
  const start = getRangeStart(p.range, now);
  const bucket: Overview["bucket"] = p.range === "1h" || p.range === "24h" || p.range === "7d" ? "hour" : "day";
  // Hourly rollups for ranges up to a week, daily ones beyond: a few thousand rows either way.
  const grain =
    bucket === "hour"
      ? { status: "execution_hourly_rollups", at: "t.hour" }
      : { status: "execution_daily_rollups", at: "t.day::timestamp AT TIME ZONE 'UTC'" };
  const values: unknown[] = [];
  let where = analyticsFilterSql(p, values);
  if (start && bucket === "hour")
    where += ` AND t.hour >= ${sqlParam(values, new Date(Math.floor(start.getTime() / 3_600_000) * 3_600_000))}`;
  if (start && bucket === "day") where += ` AND t.day >= ${sqlParam(values, start.toISOString().slice(0, 10))}::date`;

  const [series, machines, histogram] = await Promise.all([
    db.pool.query<OverviewPoint & { at: Date }>(
      `SELECT ${grain.at} AS at, ${overviewStatuses.map(sum).join(", ")}
         FROM ${grain.status} t WHERE ${where} GROUP BY 1 ORDER BY 1`,
      values,
    ),
    db.pool.query<{ id: number; name: string; arn: string; total: number; failures: number; ended: number }>(
      `SELECT m.id, m.name, m.arn, sum(t.total)::int AS total, sum(t.failed + t.timed_out)::int AS failures,
              sum(t.total - t.running - t.pending_redrive)::int AS ended
         FROM ${grain.status} t JOIN state_machines m ON m.id = t.state_machine_id
        WHERE ${where} GROUP BY m.id HAVING sum(t.total) > 0 ORDER BY total DESC`,
      values,
    ),
    start && bucket === "hour" ? durationsSince(db, p, start) : durationsByWeek(db, p, start),
  ]);

  const all = new Map<number, number>();
  const bySm = new Map<number, [number, number][]>();
  for (const h of histogram.rows) {
    all.set(h.bucket, (all.get(h.bucket) ?? 0) + h.count);
    const list = bySm.get(h.id);
    if (list) list.push([h.bucket, h.count]);
    else bySm.set(h.id, [[h.bucket, h.count]]);
  }
  const percentiles = (hist: [number, number][]): DurationPercentiles => ({
    p50: getHistogramQuantile(hist, 0.5),
    p95: getHistogramQuantile(hist, 0.95),
    p99: getHistogramQuantile(hist, 0.99),
    ended: hist.reduce((s, [, c]) => s + c, 0),
  });

  const points = series.rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  const totals = Object.fromEntries(overviewStatuses.map((s) => [s, points.reduce((n, r) => n + r[s], 0)])) as Record<
    OverviewStatus,
    number
  >;
  const total = overviewStatuses.reduce((n, s) => n + totals[s], 0);
  const ended = total - totals.running - totals.pending_redrive;
  return {
    bucket,
    series: points,
    totals: { ...totals, total },
    failureRate: ended > 0 ? (totals.failed + totals.timed_out) / ended : null,
    durations: percentiles([...all.entries()]),
    machines: machines.rows.map((m) => ({
      stateMachine: m.name,
      stateMachineArn: m.arn,
      total: m.total,
      failures: m.failures,
      failureRate: m.ended > 0 ? m.failures / m.ended : null,
      ...percentiles(bySm.get(m.id) ?? []),
    })),
  };
}

/**
 * The duration histogram from `start`'s hour on: hourly rows up to the next UTC midnight,
 * daily rows after it (a week of hourly histograms is ~25× the rows of its daily ones).
 */
function durationsSince(db: Pick<Database, "pool">, p: AnalyticsParams, start: Date) {
  const hour = new Date(Math.floor(start.getTime() / 3_600_000) * 3_600_000);
  const cut = new Date(Date.UTC(hour.getUTCFullYear(), hour.getUTCMonth(), hour.getUTCDate() + 1));
  const values: unknown[] = [];
  const filter = analyticsFilterSql(p, values);
  const from = sqlParam(values, hour);
  const to = sqlParam(values, cut);
  const cutDay = sqlParam(values, cut.toISOString().slice(0, 10));
  return db.pool.query<{ id: number; bucket: number; count: number }>(
    `SELECT id, bucket, sum(count)::int AS count FROM (
       SELECT t.state_machine_id AS id, t.bucket, t.count FROM execution_duration_hourly_rollups t
        WHERE ${filter} AND t.hour >= ${from} AND t.hour < ${to}
       UNION ALL
       SELECT t.state_machine_id, t.bucket, t.count FROM execution_duration_daily_rollups t
        WHERE ${filter} AND t.day >= ${cutDay}::date) x
     GROUP BY 1, 2`,
    values,
  );
}

/**
 * The duration histogram from `start`'s day on (everything when null): daily rows up to the
 * next Monday, weekly rows (ISO weeks, kept by triggers from the daily ones) after it — 90
 * days of daily histograms are ~5× the rows of their weekly ones.
 */
function durationsByWeek(db: Pick<Database, "pool">, p: AnalyticsParams, start: Date | null) {
  const values: unknown[] = [];
  const filter = analyticsFilterSql(p, values);
  if (start === null) {
    return db.pool.query<{ id: number; bucket: number; count: number }>(
      `SELECT t.state_machine_id AS id, t.bucket, sum(t.count)::int AS count
         FROM execution_duration_weekly_rollups t WHERE ${filter} GROUP BY 1, 2`,
      values,
    );
  }
  const day = Date.parse(start.toISOString().slice(0, 10));
  const monday = new Date(day + ((8 - new Date(day).getUTCDay()) % 7) * 86_400_000).toISOString().slice(0, 10);
  const from = sqlParam(values, start.toISOString().slice(0, 10));
  const cut = sqlParam(values, monday);
  return db.pool.query<{ id: number; bucket: number; count: number }>(
    `SELECT id, bucket, sum(count)::int AS count FROM (
       SELECT t.state_machine_id AS id, t.bucket, t.count FROM execution_duration_daily_rollups t
        WHERE ${filter} AND t.day >= ${from}::date AND t.day < ${cut}::date
       UNION ALL
       SELECT t.state_machine_id, t.bucket, t.count FROM execution_duration_weekly_rollups t
        WHERE ${filter} AND t.week >= ${cut}::date) x
     GROUP BY 1, 2`,
    values,
  );
}
