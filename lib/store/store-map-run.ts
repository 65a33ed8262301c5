import type pg from "pg";
import type { DescribedMapRun } from "@/lib/ingest/aws-standard/sfn-page-schemas";

/**
 * Stores (or refreshes) a Map Run as `DescribeMapRun` reported it, linked to the stored
 * execution that started it. Returns false when that execution is not stored (nothing
 * is written then).
 */
export async function storeMapRun(db: Pick<pg.Pool, "query">, run: DescribedMapRun): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO map_runs (map_run_arn, execution_id, status, start_date, stop_date, max_concurrency, tolerated_failure_percentage,
                           tolerated_failure_count, item_counts, execution_counts, redrive_count, redrive_date, updated_at)
     SELECT $1, e.id, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, now() FROM executions e WHERE e.execution_arn = $2
     ON CONFLICT (map_run_arn) DO UPDATE SET status = EXCLUDED.status, stop_date = EXCLUDED.stop_date,
       max_concurrency = EXCLUDED.max_concurrency, tolerated_failure_percentage = EXCLUDED.tolerated_failure_percentage,
       tolerated_failure_count = EXCLUDED.tolerated_failure_count, item_counts = EXCLUDED.item_counts,
       execution_counts = EXCLUDED.execution_counts, redrive_count = EXCLUDED.redrive_count, redrive_date = EXCLUDED.redrive_date, updated_at = now()`,
    [
      run.mapRunArn, run.executionArn, run.status, run.startDate, run.stopDate ?? null, run.maxConcurrency, run.toleratedFailurePercentage,
      run.toleratedFailureCount, JSON.stringify(run.itemCounts), JSON.stringify(run.executionCounts), run.redriveCount ?? 0, run.redriveDate ?? null,
    ],
  );
  return (rowCount ?? 0) > 0;
}
