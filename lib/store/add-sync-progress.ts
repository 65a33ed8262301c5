import type { Database } from "@/lib/db/database";

const counters = ["executionsFound", "executionsDone", "eventsFetched", "pagesFetched", "retries"] as const;

/** Counters to add (lib/ingest's `SyncProgressDelta`), and the phase to set. */
export type SyncProgressChange = Partial<Record<(typeof counters)[number], number>>;

/**
 * Adds `delta` to the source's counters in one statement, so any number of workers can
 * report into the same row without losing counts.
 */
export async function addSyncProgress(
  db: Database,
  sourceId: number,
  delta: SyncProgressChange,
  phase?: "listing" | "fetching" | "done",
): Promise<void> {
  const sets = counters
    .filter((key) => (delta[key] ?? 0) !== 0)
    .map((key) => `'${key}', COALESCE((sync_progress->>'${key}')::bigint, 0) + ${Math.trunc(delta[key] ?? 0)}`);
  if (phase) sets.push(`'phase', '${phase}'`);
  if (sets.length === 0) return;
  await db.pool.query(
    `UPDATE sources SET sync_progress = COALESCE(sync_progress, '{}'::jsonb) || jsonb_build_object(${sets.join(", ")}) WHERE id = $1`,
    [sourceId],
  );
}
