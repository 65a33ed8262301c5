import { sqlParam } from "@/lib/queries/analytics-filter-sql";
import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { productionScopeSql } from "@/lib/queries/production-scope";

/**
 * The WHERE conjuncts of a rule's scope on a table with `source_id` and `state_machine_id`
 * columns (executions, rollups), parameters appended to `values`. Accounts and regions are
 * the state machine's. Without `sources`, local runs are left out (they never trigger an
 * alert unless the scope names the local source).
 */
export function alertScopeSql(scope: AlertScope, alias: string, values: unknown[]): string {
  const parts: string[] = [];
  if (scope.sources) {
    parts.push(
      `${alias}.source_id IN (SELECT id FROM sources WHERE name = ANY(${sqlParam(values, scope.sources)}::text[]))`,
    );
  } else {
    // The analytics' production scope, so a figure and an alert on it count the same executions.
    parts.push(productionScopeSql(`${alias}.source_id`));
  }
  const machine: string[] = [];
  if (scope.stateMachines) {
    const p = sqlParam(values, scope.stateMachines);
    machine.push(`(name = ANY(${p}::text[]) OR arn = ANY(${p}::text[]))`);
  }
  if (scope.accounts) machine.push(`account_id = ANY(${sqlParam(values, scope.accounts)}::text[])`);
  if (scope.regions) machine.push(`region = ANY(${sqlParam(values, scope.regions)}::text[])`);
  if (machine.length > 0) {
    parts.push(`${alias}.state_machine_id IN (SELECT id FROM state_machines WHERE ${machine.join(" AND ")})`);
  }
  return parts.join(" AND ");
}
