import type { Database } from "@/lib/db/database";
import { getRangeStart } from "@/lib/queries/analytics-params";
import type { timeRanges } from "@/lib/queries/execution-list-params";
import type { FailureGroup } from "./failure-types";
import { productionScopeSql, type ProductionScopeFilter } from "./production-scope";

/** Executions started in one bucket, by status. */
export interface StatusBucket {
  readonly at: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly timed_out: number;
  readonly aborted: number;
  readonly running: number;
  readonly pending_redrive: number;
}

/** A state machine's trend and failure groups over a range. */
export interface StateMachineActivity {
  readonly bucket: "hour" | "day";
  /** Every bucket of the range that has executions, oldest first. */
  readonly series: readonly StatusBucket[];
  readonly totals: { readonly executions: number; readonly notSucceeded: number };
  /** The sparkline's days (oldest first), at most 90. */
  readonly trendDays: readonly string[];
  /** The 50 largest failure groups of the range. */
  readonly groups: readonly FailureGroup[];
}

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Executions by status per hour (ranges up to 24 hours) or per UTC day, and the failure groups
 * with their daily trend, of one state machine; rollups only. Local runs count only with
 * `includeLocal`.
 */
export async function getStateMachineActivity(
  db: Pick<Database, "pool">,
  machine: { readonly id: number; readonly name: string; readonly arn: string },
  opts: { readonly range: keyof typeof timeRanges; readonly includeLocal: boolean },
  now = new Date(),
): Promise<StateMachineActivity> {
  const start = getRangeStart(opts.range, now);
  // Local runs are left out as on the analytics pages, unless asked for.
  const scope: ProductionScopeFilter = opts.includeLocal ? { include: "local" } : {};
  const hourly = opts.range === "1h" || opts.range === "24h";
  const sources = productionScopeSql("t.source_id", scope);
  const seriesRead = db.pool.query<{
    at: Date;
    succeeded: number;
    failed: number;
    timed_out: number;
    aborted: number;
    running: number;
    pending_redrive: number;
  }>(
    hourly
      ? `SELECT t.hour AS at, sum(succeeded)::int AS succeeded, sum(failed)::int AS failed, sum(timed_out)::int AS timed_out,
                sum(aborted)::int AS aborted, sum(running)::int AS running, sum(pending_redrive)::int AS pending_redrive
           FROM execution_hourly_rollups t WHERE t.state_machine_id = $1 AND ${sources}
            AND t.hour >= date_trunc('hour', $2::timestamptz) GROUP BY 1 ORDER BY 1`
      : `SELECT t.day::timestamptz AS at, sum(succeeded)::int AS succeeded, sum(failed)::int AS failed, sum(timed_out)::int AS timed_out,
                sum(aborted)::int AS aborted, sum(running)::int AS running, sum(pending_redrive)::int AS pending_redrive
           FROM execution_daily_rollups t WHERE t.state_machine_id = $1 AND ${sources}
            AND ($2::date IS NULL OR t.day >= $2::date) GROUP BY 1 ORDER BY 1`,
    [machine.id, hourly ? start : start ? dayOf(start) : null],
  );
  seriesRead.catch(() => {});
  const trendStart = new Date(Math.max(start?.getTime() ?? 0, now.getTime() - (start ? 89 : 29) * DAY));
  const trendDays: string[] = [];
  for (let t = Date.parse(dayOf(trendStart)); t <= Date.parse(dayOf(now)); t += DAY) trendDays.push(dayOf(new Date(t)));
  const groups = await db.pool.query<{
    signature: string;
    root_cause_state: string | null;
    error: string | null;
    normalized_cause: string;
    count: number;
    first_seen: Date;
    last_seen: Date;
    execution_arn: string | null;
    trend: { day: string; count: number }[];
  }>(
    `WITH g AS (
       SELECT t.signature, sum(t.count)::int AS count, min(t.first_seen_at) AS first_seen, max(t.last_seen_at) AS last_seen
         FROM failure_signature_daily_rollups t
        WHERE t.state_machine_id = $1 AND ${sources} AND ($2::date IS NULL OR t.day >= $2::date)
        GROUP BY t.signature HAVING sum(t.count) > 0 ORDER BY count DESC, last_seen DESC LIMIT 50)
     SELECT g.signature, s.root_cause_state, s.error, s.normalized_cause, g.count, g.first_seen, g.last_seen, e.execution_arn,
            (SELECT coalesce(json_agg(json_build_object('day', d.day, 'count', d.count)), '[]') FROM (
               SELECT to_char(r.day, 'YYYY-MM-DD') AS day, sum(r.count)::int AS count FROM failure_signature_daily_rollups r
                WHERE r.signature = g.signature AND r.day >= $3::date AND ${productionScopeSql("r.source_id", scope)}
                GROUP BY 1) d) AS trend
       FROM g JOIN failure_signatures s USING (signature)
       LEFT JOIN LATERAL (SELECT r.newest_execution_id AS newest FROM failure_signature_daily_rollups r
                           WHERE r.signature = g.signature AND r.count > 0 AND r.last_seen_at = g.last_seen
                             AND ${productionScopeSql("r.source_id", scope)} LIMIT 1) n ON TRUE
       LEFT JOIN executions e ON e.id = n.newest
      ORDER BY g.count DESC, g.last_seen DESC`,
    [machine.id, start ? dayOf(start) : null, trendDays[0]],
  );
  const series = (await seriesRead).rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  const executions = series.reduce(
    (n, r) => n + r.succeeded + r.failed + r.timed_out + r.aborted + r.running + r.pending_redrive,
    0,
  );
  const notSucceeded = series.reduce((n, r) => n + r.failed + r.timed_out + r.aborted, 0);
  return {
    bucket: hourly ? "hour" : "day",
    series,
    totals: { executions, notSucceeded },
    trendDays,
    groups: groups.rows.map((g) => {
      const byDay = new Map(g.trend.map((t) => [t.day, t.count]));
      return {
        signature: g.signature,
        stateMachine: machine.name,
        stateMachineArn: machine.arn,
        rootCauseState: g.root_cause_state,
        error: g.error,
        normalizedCause: g.normalized_cause,
        count: g.count,
        firstSeen: g.first_seen.toISOString(),
        lastSeen: g.last_seen.toISOString(),
        trend: trendDays.map((d) => byDay.get(d) ?? 0),
        newestExecutionArn: g.execution_arn,
      };
    }),
  };
}
