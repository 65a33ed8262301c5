import type pg from "pg";
import type { MapRunCounts, MapRunSummary } from "./map-run-types";

export type { MapRunCounts, MapRunSummary };

const zeroCounts: MapRunCounts = { pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: 0 };

function counts(value: unknown): MapRunCounts {
  const v = (typeof value === "object" && value !== null ? value : {}) as Partial<Record<keyof MapRunCounts, unknown>>;
  const n = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) ? x : 0);
  return {
    pending: n(v.pending),
    running: n(v.running),
    succeeded: n(v.succeeded),
    failed: n(v.failed),
    timedOut: n(v.timedOut),
    aborted: n(v.aborted),
    total: n(v.total),
  };
}

/** The label of a Map Run ARN: `arn:aws:states:…:mapRun:Orders/ProcessItems:1a2b…` → `ProcessItems`. */
export function mapRunLabel(mapRunArn: string): string {
  const match = /:mapRun:[^/]+\/(.+):[^:]+$/.exec(mapRunArn);
  return match?.[1] ?? mapRunArn;
}

/**
 * The Map Runs an execution started: those DescribeMapRun reported (AWS sources), and any
 * other Map Run its stored children name, counted from them. Oldest first. Null when the
 * execution is not stored.
 */
export async function listMapRuns(db: Pick<pg.Pool, "query">, executionArn: string): Promise<MapRunSummary[] | null> {
  const { rows } = await db.query<{
    found: boolean;
    map_run_arn: string | null;
    status: string | null;
    start_date: Date | null;
    stop_date: Date | null;
    max_concurrency: number | null;
    tolerated_failure_percentage: number | null;
    tolerated_failure_count: string | null;
    item_counts: unknown;
    execution_counts: unknown;
    stored_children: number;
    child_counts: unknown;
    described: boolean;
  }>(
    `WITH e AS (SELECT id FROM executions WHERE execution_arn = $1),
     children AS (
       SELECT c.map_run_arn, count(*)::int AS stored_children,
              json_build_object('pending', 0, 'running', count(*) FILTER (WHERE c.status = 'RUNNING'),
                'succeeded', count(*) FILTER (WHERE c.status = 'SUCCEEDED'), 'failed', count(*) FILTER (WHERE c.status = 'FAILED'),
                'timedOut', count(*) FILTER (WHERE c.status = 'TIMED_OUT'), 'aborted', count(*) FILTER (WHERE c.status = 'ABORTED'),
                'total', count(*)) AS child_counts
         FROM executions c JOIN e ON c.parent_execution_id = e.id
        WHERE c.map_run_arn IS NOT NULL
        GROUP BY c.map_run_arn)
     SELECT true AS found, coalesce(m.map_run_arn, ch.map_run_arn) AS map_run_arn, m.status, m.start_date, m.stop_date, m.max_concurrency,
            m.tolerated_failure_percentage, m.tolerated_failure_count::text, m.item_counts, m.execution_counts,
            coalesce(ch.stored_children, 0) AS stored_children, ch.child_counts, m.map_run_arn IS NOT NULL AS described
       FROM (SELECT mr.* FROM map_runs mr JOIN e ON mr.execution_id = e.id) m
       FULL JOIN children ch ON ch.map_run_arn = m.map_run_arn
     UNION ALL
     SELECT EXISTS (SELECT 1 FROM e), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, false
     ORDER BY 2 NULLS LAST`,
    [executionArn],
  );
  const marker = rows.find((r) => r.map_run_arn === null);
  if (!marker?.found) return null;
  return rows
    .filter((r) => r.map_run_arn !== null)
    .map((r) => ({
      mapRunArn: r.map_run_arn as string,
      label: mapRunLabel(r.map_run_arn as string),
      status: r.status,
      startDate: r.start_date?.toISOString() ?? null,
      stopDate: r.stop_date?.toISOString() ?? null,
      maxConcurrency: r.max_concurrency,
      toleratedFailurePercentage: r.tolerated_failure_percentage,
      toleratedFailureCount: r.tolerated_failure_count === null ? null : Number(r.tolerated_failure_count),
      itemCounts: r.described ? counts(r.item_counts) : null,
      executionCounts: r.described ? counts(r.execution_counts) : r.child_counts ? counts(r.child_counts) : zeroCounts,
      storedChildren: r.stored_children,
      source: r.described ? ("DescribeMapRun" as const) : ("stored children" as const),
    }))
    .sort((a, b) => (a.startDate ?? "").localeCompare(b.startDate ?? "") || a.mapRunArn.localeCompare(b.mapRunArn));
}
