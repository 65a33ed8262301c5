import type { Database } from "@/lib/db/database";
import { getRangeStart, type AnalyticsParams } from "@/lib/queries/analytics-params";
import { analyticsFilterSql, sqlParam, stateMachineColumn } from "./analytics-filter-sql";
import { productionScopeSql } from "./production-scope";
import { stateRollupsSince } from "./rollup-since-sql";
import type { FailureGroup, StateRetryRow, NearLimitExecution, Failures } from "./failure-types";

export type { FailureGroup, StateRetryRow, NearLimitExecution, Failures };

/** AWS caps a Standard history at 25,000 events; from here on an execution is listed as near it. */
export const NEAR_LIMIT_EVENTS = 20_000;
const DAY = 86_400_000;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The Failures page: failure groups with trends, retries per state, executions near the event limit; rollups only. */
export async function getFailures(db: Pick<Database, "pool">, p: AnalyticsParams, now = new Date()): Promise<Failures> {
  const start = getRangeStart(p.range, now);
  const values: unknown[] = [];
  const where = analyticsFilterSql(p, values);
  const dayWhere = start ? `${where} AND t.day >= ${sqlParam(values, dayOf(start))}::date` : where;
  // The sparkline spans the range, at most 90 days (and 30 for "all").
  const trendStart = new Date(Math.max(start?.getTime() ?? 0, now.getTime() - (start ? 89 : 29) * DAY));
  const trendDays: string[] = [];
  for (let t = Date.parse(dayOf(trendStart)); t <= Date.parse(dayOf(now)); t += DAY)
    trendDays.push(new Date(t).toISOString().slice(0, 10));

  // Retries and near-limit executions do not depend on the groups: read alongside them.
  const sideReads = Promise.all([getRetries(db, p, start, dayWhere, values), getNearLimit(db, p, start)]);
  // Awaited below; this only keeps a failure from being an unhandled rejection while the groups fail first.
  sideReads.catch(() => {});
  const groups = await db.pool.query<{
    signature: string;
    state_machine: string;
    state_machine_arn: string;
    root_cause_state: string | null;
    error: string | null;
    normalized_cause: string;
    count: number;
    first_seen: Date;
    last_seen: Date;
    newest: string;
    execution_arn: string | null;
  }>(
    `WITH g AS (
       SELECT t.signature, sum(t.count)::int AS count, min(t.first_seen_at) AS first_seen, max(t.last_seen_at) AS last_seen
         FROM failure_signature_daily_rollups t
        WHERE ${dayWhere} GROUP BY t.signature HAVING sum(t.count) > 0 ORDER BY count DESC, last_seen DESC LIMIT 50)
     SELECT g.signature, m.name AS state_machine, m.arn AS state_machine_arn, s.root_cause_state, s.error, s.normalized_cause, g.count, g.first_seen, g.last_seen,
            n.newest::text, e.execution_arn
       FROM g JOIN failure_signatures s USING (signature) JOIN state_machines m ON m.id = s.state_machine_id
       -- The newest example of the 50 groups only (not an aggregate over every row): the latest day row of each.
       LEFT JOIN LATERAL (SELECT r.newest_execution_id AS newest FROM failure_signature_daily_rollups r
                           WHERE r.signature = g.signature AND r.count > 0 AND r.last_seen_at = g.last_seen LIMIT 1) n ON TRUE
       LEFT JOIN executions e ON e.id = n.newest ORDER BY g.count DESC, g.last_seen DESC`,
    values,
  );
  const signatures = groups.rows.map((g) => g.signature);
  // Under the same filters as the counts (source, local runs), or a group's trend would count what its total leaves out.
  const trendValues: unknown[] = [signatures, trendDays[0]];
  const trendWhere = analyticsFilterSql(p, trendValues);
  const trend = signatures.length
    ? await db.pool.query<{ signature: string; day: string; count: number }>(
        `SELECT t.signature, to_char(t.day, 'YYYY-MM-DD') AS day, sum(t.count)::int AS count FROM failure_signature_daily_rollups t
          WHERE t.signature = ANY($1) AND t.day >= $2::date AND ${trendWhere} GROUP BY 1, 2`,
        trendValues,
      )
    : { rows: [] };
  const trendBy = new Map<string, Map<string, number>>();
  for (const r of trend.rows) trendBy.set(r.signature, (trendBy.get(r.signature) ?? new Map()).set(r.day, r.count));

  const [retries, nearLimit] = await sideReads;
  return {
    trendDays,
    groups: groups.rows.map((g) => ({
      signature: g.signature,
      stateMachine: g.state_machine,
      stateMachineArn: g.state_machine_arn,
      rootCauseState: g.root_cause_state,
      error: g.error,
      normalizedCause: g.normalized_cause,
      count: g.count,
      firstSeen: g.first_seen.toISOString(),
      lastSeen: g.last_seen.toISOString(),
      trend: trendDays.map((d) => trendBy.get(g.signature)?.get(d) ?? 0),
      newestExecutionArn: g.execution_arn,
    })),
    retries,
    nearLimit,
  };
}

async function getRetries(
  db: Pick<Database, "pool">,
  p: AnalyticsParams,
  start: Date | null,
  dayWhere: string,
  dayValues: readonly unknown[],
): Promise<StateRetryRow[]> {
  const stateValues: unknown[] = [];
  const rollups = stateRollupsSince(start ? dayOf(start) : null, stateValues);
  const stateWhere = analyticsFilterSql(p, stateValues);
  const { rows } = await db.pool.query<{
    sm_id: number;
    state_machine: string;
    state_machine_arn: string;
    state: string;
    attempts: number;
    retries: number;
    retried_runs: number;
    retried_succeeded: number;
    retries_exhausted: number;
  }>(
    `SELECT m.id AS sm_id, m.name AS state_machine, m.arn AS state_machine_arn, t.state_name AS state, sum(t.attempts)::int AS attempts, sum(t.retries)::int AS retries,
            sum(t.retried_runs)::int AS retried_runs, sum(t.retried_succeeded)::int AS retried_succeeded,
            sum(t.retries_exhausted)::int AS retries_exhausted
       FROM ${rollups} t JOIN state_machines m ON m.id = t.state_machine_id
      WHERE ${stateWhere} GROUP BY 1, 2, 3, 4 HAVING sum(t.retries) > 0 ORDER BY retries DESC LIMIT 50`,
    stateValues,
  );
  const values = [...dayValues];
  if (!rows.length) return [];
  const errors = await db.pool.query<{ sm_id: number; state: string; error: string; count: number }>(
    `SELECT t.state_machine_id AS sm_id, t.state_name AS state, t.error, sum(t.count)::int AS count
       FROM state_retry_error_daily_rollups t
      WHERE ${dayWhere} AND (t.state_machine_id, t.state_name) IN (SELECT * FROM unnest(${sqlParam(
        values,
        rows.map((r) => r.sm_id),
      )}::int[], ${sqlParam(
        values,
        rows.map((r) => r.state),
      )}::text[]))
      GROUP BY 1, 2, 3 HAVING sum(t.count) > 0 ORDER BY count DESC`,
    values,
  );
  return rows.map((r) => ({
    stateMachine: r.state_machine,
    stateMachineArn: r.state_machine_arn,
    state: r.state,
    attempts: r.attempts,
    retries: r.retries,
    retryRate: r.attempts > 0 ? r.retries / r.attempts : 0,
    retriedRuns: r.retried_runs,
    retriedSucceeded: r.retried_succeeded,
    retriesExhausted: r.retries_exhausted,
    errors: errors.rows
      .filter((e) => e.sm_id === r.sm_id && e.state === r.state)
      .map((e) => ({ error: e.error, count: e.count })),
  }));
}

async function getNearLimit(
  db: Pick<Database, "pool">,
  p: AnalyticsParams,
  start: Date | null,
): Promise<NearLimitExecution[]> {
  const values: unknown[] = [NEAR_LIMIT_EVENTS];
  const where = ["e.event_count >= $1"];
  if (p.stateMachine) where.push(`${stateMachineColumn(p.stateMachine, "m")} = ${sqlParam(values, p.stateMachine)}`);
  if (p.account) where.push(`m.account_id = ${sqlParam(values, p.account)}`);
  if (p.region) where.push(`m.region = ${sqlParam(values, p.region)}`);
  if (p.source) where.push(`e.source_id IN (SELECT id FROM sources WHERE name = ${sqlParam(values, p.source)})`);
  where.push(productionScopeSql("e.source_id", p));
  if (start) where.push(`e.start_date >= ${sqlParam(values, start)}`);
  // executions_event_count_idx: walks from the largest histories down and stops at the limit.
  const { rows } = await db.pool.query<{
    execution_arn: string;
    name: string;
    sm: string;
    sm_arn: string;
    status: string;
    event_count: number;
    start_date: Date;
  }>(
    `SELECT e.execution_arn, e.name, m.name AS sm, m.arn AS sm_arn, e.status::text AS status, e.event_count, e.start_date
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
      WHERE ${where.join(" AND ")} ORDER BY e.event_count DESC LIMIT 20`,
    values,
  );
  return rows.map((r) => ({
    executionArn: r.execution_arn,
    name: r.name,
    stateMachine: r.sm,
    stateMachineArn: r.sm_arn,
    status: r.status,
    eventCount: r.event_count,
    startDate: r.start_date.toISOString(),
  }));
}
