import type { AnalyticsParams } from "@/lib/queries/analytics-params";

/**
 * SQL conditions for a rollup table aliased `t` (with `state_machine_id`, `source_id`)
 * under the page filters; time bounds are added by callers because rollups differ in grain
 * (hour, day, week). State machine, account and region select state machine ids in a
 * subquery, so a query that shows no state machine column needs no join. Values go in
 * `values` as parameters.
 */
export function analyticsFilterSql(p: AnalyticsParams, values: unknown[]): string {
  const where: string[] = [];
  const machine: string[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (p.stateMachine) machine.push(`sm.name = ${param(p.stateMachine)}`);
  if (p.account) machine.push(`sm.account_id = ${param(p.account)}`);
  if (p.region) machine.push(`sm.region = ${param(p.region)}`);
  if (machine.length)
    where.push(`t.state_machine_id IN (SELECT sm.id FROM state_machines sm WHERE ${machine.join(" AND ")})`);
  if (p.source) where.push(`t.source_id IN (SELECT id FROM sources WHERE name = ${param(p.source)})`);
  return where.length ? where.join(" AND ") : "TRUE";
}

/** Appends `value` to `values` and returns its placeholder. */
export function sqlParam(values: unknown[], value: unknown): string {
  values.push(value);
  return `$${values.length}`;
}
