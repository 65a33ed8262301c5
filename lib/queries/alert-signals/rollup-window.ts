/*
 * Alert windows read from the hourly rollups (execution_hourly_rollups, execution_duration_hourly_rollups,
 * written by lib/store's one rollup writer, keyed by the UTC hour the executions started in): every
 * whole hour of a window comes from its rollup rows, and only the part of the window before its
 * first whole hour (under an hour) is read from the executions themselves. Counts stay exact.
 */

const HOUR = 3_600_000;
/** The first whole hour at or after `at`. */
export const ceilHour = (at: Date): Date => new Date(Math.ceil(at.getTime() / HOUR) * HOUR);
/** The hour `at` falls in. */
export const floorHour = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

/** A stretch of a rule's window read from the executions (`[lo, hi)`, under an hour). */
export interface RawEdge {
  readonly rule_id: number;
  /** The current window (true) or the one before it (false). */
  readonly current: boolean;
  readonly lo: Date;
  readonly hi: Date;
}

/**
 * The window `[since, ∞)` of rule `ruleId`: its rollup hours start at `hourFrom`; `[since, hourFrom)`
 * is its raw edge (none when `since` is on the hour).
 */
export function currentWindow(ruleId: number, since: Date): { hourFrom: Date; edges: RawEdge[] } {
  const hourFrom = ceilHour(since);
  return { hourFrom, edges: since < hourFrom ? [{ rule_id: ruleId, current: true, lo: since, hi: hourFrom }] : [] };
}

/**
 * The window `[from, to)` (the one before a rule's current window): its whole hours
 * `[hourFrom, hourTo)` (empty when `hourFrom >= hourTo`) and the raw edges around them.
 */
export function previousWindow(
  ruleId: number,
  from: Date,
  to: Date,
): { hourFrom: Date; hourTo: Date; edges: RawEdge[] } {
  const hourFrom = ceilHour(from);
  const hourTo = floorHour(to);
  if (hourFrom >= hourTo)
    return { hourFrom, hourTo: hourFrom, edges: [{ rule_id: ruleId, current: false, lo: from, hi: to }] };
  const edges: RawEdge[] = [];
  if (from < hourFrom) edges.push({ rule_id: ruleId, current: false, lo: from, hi: hourFrom });
  if (hourTo < to) edges.push({ rule_id: ruleId, current: false, lo: hourTo, hi: to });
  return { hourFrom, hourTo, edges };
}

/**
 * CTEs `edges` (the rules' raw edges, from `param`) and `raw` (the executions started in each
 * distinct edge, grouped by `groupBy` (expression and name) with `aggregates`: one index range scan per edge, as the
 * edges of rules with windows hours apart are not one range; grouped there, so the planner
 * expects a few rows per edge and hash-joins them to the rules' scope), for a batched read that
 * starts with `alertBatchCtes`.
 */
export function rawEdgeCtes(
  param: string,
  groupBy: readonly (readonly [expression: string, name: string])[],
  aggregates: string,
): string {
  return `edges AS (SELECT * FROM jsonb_to_recordset(${param}::jsonb) AS g(rule_id int, current boolean, lo timestamptz, hi timestamptz)),
     raw AS MATERIALIZED (
       SELECT g.lo, g.hi, x.* FROM (SELECT DISTINCT lo, hi FROM edges) g
         CROSS JOIN LATERAL (
           SELECT ${groupBy.map(([expression, name]) => `${expression} AS ${name}`).join(", ")}, ${aggregates}
             FROM executions e WHERE e.start_date >= g.lo AND e.start_date < g.hi
            GROUP BY ${groupBy.map((_, i) => i + 1).join(", ")}) x)`;
}
