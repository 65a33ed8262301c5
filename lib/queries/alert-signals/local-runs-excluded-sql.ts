import { productionScopeSql } from "@/lib/queries/production-scope";

/**
 * The predicate that keeps local interpreter runs out of alerts, on a `source_id` column:
 * the analytics' production scope (lib/queries/production-scope.ts), so a figure and an alert
 * on it count the same executions.
 */
export function localRunsExcludedSql(sourceIdColumn: string): string {
  return productionScopeSql(sourceIdColumn);
}
