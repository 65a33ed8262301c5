/**
 * The executions-list filter sets `bench:queries` times (and `explain-list.ts` explains), as the
 * API's query parameters. `topSignature`: the corpus's most frequent failure signature.
 */
export function listFilterSets(topSignature: string | null): Record<string, string>[] {
  return [
    {},
    { status: "FAILED", range: "7d" },
    { stateMachine: "payments-2", range: "24h" },
    { q: "Declined", range: "30d" },
    { status: "RUNNING,FAILED", source: "prod-eu" },
    { sort: "duration", range: "24h" },
    { page: "5", range: "30d" },
    ...(topSignature ? [{ signature: topSignature, status: "FAILED,TIMED_OUT" }] : []),
  ];
}

/** The corpus's most frequent failure signature (from the rollups), or null. */
export const TOP_SIGNATURE_SQL =
  "SELECT signature FROM failure_signature_daily_rollups GROUP BY 1 ORDER BY sum(count) DESC LIMIT 1";
