import type pg from "pg";
import type { SyncProgress } from "./aws-source-status";

export type { SyncProgress };


export type SyncProgressDelta = Partial<Omit<SyncProgress, "phase">>;

export const emptySyncProgress: SyncProgress = { phase: "listing", executionsFound: 0, executionsDone: 0, eventsFetched: 0, pagesFetched: 0, retries: 0 };

const counters = ["executionsFound", "executionsDone", "eventsFetched", "pagesFetched", "retries"] as const;

/**
 * Adds `delta` to the source's counters in one statement, so any number of workers can
 * report into the same row without losing counts.
 */
export async function addSyncProgress(db: Pick<pg.Pool, "query">, sourceId: number, delta: SyncProgressDelta, phase?: SyncProgress["phase"]): Promise<void> {
  const sets = counters
    .filter((key) => (delta[key] ?? 0) !== 0)
    .map((key) => `'${key}', COALESCE((sync_progress->>'${key}')::bigint, 0) + ${Math.trunc(delta[key] ?? 0)}`);
  if (phase) sets.push(`'phase', '${phase}'`);
  if (sets.length === 0) return;
  await db.query(`UPDATE sources SET sync_progress = COALESCE(sync_progress, '{}'::jsonb) || jsonb_build_object(${sets.join(", ")}) WHERE id = $1`, [sourceId]);
}
