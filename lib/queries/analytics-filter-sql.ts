import type { AnalyticsParams } from "@/lib/queries/analytics-params";
import { productionScopeSql } from "./production-scope";

/**
 * SQL conditions for a rollup table aliased `t` (with `state_machine_id`, `source_id`)
 * under the page filters; time bounds are added by callers because rollups differ in grain
 * (hour, day, week). State machine, account and region select state machine ids in a
 * subquery, so a query that shows no state machine column needs no join. Local runs are
 * left out unless asked for (lib/queries/production-scope.ts). Values go in `values` as
 * parameters.
 */
export function analyticsFilterSql(p: AnalyticsParams, values: unknown[]): string {
  const where: string[] = [];
  const machine: string[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (p.stateMachine) machine.push(`${stateMachineColumn(p.stateMachine, "sm")} = ${param(p.stateMachine)}`);
  if (p.account) machine.push(`sm.account_id = ${param(p.account)}`);
  if (p.region) machine.push(`sm.region = ${param(p.region)}`);
  if (machine.length)
    where.push(`t.state_machine_id IN (SELECT sm.id FROM state_machines sm WHERE ${machine.join(" AND ")})`);
  if (p.source) where.push(`t.source_id IN (SELECT id FROM sources WHERE name = ${param(p.source)})`);
  const scope = productionScopeSql("t.source_id", p);
  if (scope !== "TRUE") where.push(scope);
  return where.length ? where.join(" AND ") : "TRUE";
}

/** Appends `value` to `values` and returns its placeholder. */
export function sqlParam(values: unknown[], value: unknown): string {
  values.push(value);
  return `$${values.length}`;
}

/** The column a state machine filter value matches on `alias`: its ARN, or its name for a value that is not an ARN (older links). */
export function stateMachineColumn(value: string, alias: string): string {
  return value.startsWith("arn:") ? `${alias}.arn` : `${alias}.name`;
}
