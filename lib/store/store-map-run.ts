import type { Database } from "@/lib/db/database";

/** A Map Run as `DescribeMapRun` reports it (the fields stored). */
export interface MapRunFacts {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate?: Date | undefined;
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number;
  readonly toleratedFailureCount: number;
  readonly itemCounts: unknown;
  readonly executionCounts: unknown;
  readonly redriveCount?: number | undefined;
  readonly redriveDate?: Date | undefined;
}

/**
 * Stores (or refreshes) a Map Run as `DescribeMapRun` reported it, linked to the stored
 * execution that started it. Returns false when that execution is not stored (nothing
 * is written then).
 */
export async function storeMapRun(db: Database, run: MapRunFacts): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `INSERT INTO map_runs (map_run_arn, execution_id, status, start_date, stop_date, max_concurrency, tolerated_failure_percentage,
                           tolerated_failure_count, item_counts, execution_counts, redrive_count, redrive_date, updated_at)
     SELECT $1, e.id, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, now() FROM executions e WHERE e.execution_arn = $2
     ON CONFLICT (map_run_arn) DO UPDATE SET status = EXCLUDED.status, stop_date = EXCLUDED.stop_date,
       max_concurrency = EXCLUDED.max_concurrency, tolerated_failure_percentage = EXCLUDED.tolerated_failure_percentage,
       tolerated_failure_count = EXCLUDED.tolerated_failure_count, item_counts = EXCLUDED.item_counts,
       execution_counts = EXCLUDED.execution_counts, redrive_count = EXCLUDED.redrive_count, redrive_date = EXCLUDED.redrive_date, updated_at = now()`,
    [
      run.mapRunArn,
      run.executionArn,
      run.status,
      run.startDate,
      run.stopDate ?? null,
      run.maxConcurrency,
      run.toleratedFailurePercentage,
      run.toleratedFailureCount,
      JSON.stringify(run.itemCounts),
      JSON.stringify(run.executionCounts),
      run.redriveCount ?? 0,
      run.redriveDate ?? null,
    ],
  );
  return (rowCount ?? 0) > 0;
}
