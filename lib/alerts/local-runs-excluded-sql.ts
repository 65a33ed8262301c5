/**
 * The predicate that keeps local interpreter runs out of alerts, on a `source_id` column.
 * One small function so the analytics' own "production scope" predicate can take its place.
 */
export function localRunsExcludedSql(sourceIdColumn: string): string {
  return `${sourceIdColumn} NOT IN (SELECT id FROM sources WHERE kind = 'LOCAL')`;
}
