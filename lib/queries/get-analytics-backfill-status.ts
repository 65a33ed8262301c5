import type { Database } from "@/lib/db/database";
import type { AnalyticsBackfillStatus } from "@/lib/analytics/analytics-backfill-status";
import {
  analyticsBackfilledKey,
  analyticsBackfillProgressKey,
  countToBackfill,
  readBackfillProgress,
  type BackfillProgress,
} from "@/lib/store/backfill-progress";

export type { AnalyticsBackfillStatus };

/**
 * Whether the analytics pages leave out executions stored before the analytics tables:
 * "complete" once the backfill is done (or there was nothing to backfill), "running" with
 * its progress while it is under way or has not started yet.
 */
export async function getAnalyticsBackfillStatus(db: Pick<Database, "pool">): Promise<AnalyticsBackfillStatus> {
  const { rows } = await db.pool.query<{ key: string; value: Partial<BackfillProgress> }>(
    "SELECT key, value FROM app_settings WHERE key = ANY($1)",
    [[analyticsBackfilledKey, analyticsBackfillProgressKey]],
  );
  if (rows.some((r) => r.key === analyticsBackfilledKey)) return { state: "complete" };
  const progress = rows.find((r) => r.key === analyticsBackfillProgressKey)?.value;
  if (progress?.total !== undefined) return { state: "running", counted: progress.count ?? 0, total: progress.total };
  const start = await readBackfillProgress(db.pool);
  if (start === null) return { state: "complete" };
  const { rows: older } = await db.pool.query("SELECT 1 FROM executions WHERE created_at < $1::timestamptz LIMIT 1", [
    start.cutoff,
  ]);
  return older.length
    ? { state: "running", counted: progress?.count ?? 0, total: await countToBackfill(db.pool, start.cutoff) }
    : { state: "complete" };
}
