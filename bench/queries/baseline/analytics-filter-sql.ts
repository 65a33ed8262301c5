// Baseline for bench/queries: lib/queries/analytics-filter-sql.ts as of commit 66185d3 (before the issue-6 speed work), kept
// unchanged so one bench run times the previous and the current read side by side. Not used by the app.
import type { AnalyticsParams } from "@/lib/queries/analytics-params";

/**
 * SQL conditions for a rollup table aliased `t` (with `state_machine_id`, `source_id`)
 * joined to `state_machines m`, under the page filters; time bounds are added by callers
 * because rollups differ in grain (hour, day). Values go in `values` as parameters.
 */
export function analyticsFilterSql(p: AnalyticsParams, values: unknown[]): string {
  const where: string[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (p.stateMachine) where.push(`m.name = ${param(p.stateMachine)}`);
  if (p.account) where.push(`m.account_id = ${param(p.account)}`);
  if (p.region) where.push(`m.region = ${param(p.region)}`);
  if (p.source) where.push(`t.source_id IN (SELECT id FROM sources WHERE name = ${param(p.source)})`);
  return where.length ? where.join(" AND ") : "TRUE";
}

/** Appends `value` to `values` and returns its placeholder. */
export function sqlParam(values: unknown[], value: unknown): string {
  values.push(value);
  return `$${values.length}`;
}
