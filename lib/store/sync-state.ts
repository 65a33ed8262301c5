import type { Database } from "@/lib/db/database";

/** What stopped a source: AWS's `code` and `message`, and the IAM `action` refused (null when not a permission fault). */
export interface SyncStopFacts {
  readonly code: string;
  readonly message: string;
  readonly action: string | null;
}

/** RUNNING, counters reset, the last error cleared. */
export async function markSyncStarted(db: Database, sourceId: number): Promise<void> {
  await db.pool.query(
    `UPDATE sources SET sync_state = 'RUNNING', sync_started_at = now(), last_error = NULL, last_error_details = NULL,
            sync_progress = '{"phase":"listing","executionsFound":0,"executionsDone":0,"eventsFetched":0,"pagesFetched":0,"retries":0}'::jsonb
      WHERE id = $1`,
    [sourceId],
  );
}

/** IDLE with `last_sync_at` now; items that could not be collected are summed up in `last_error`. */
export async function markSyncFinished(db: Database, sourceId: number, failures: readonly string[]): Promise<void> {
  await db.pool.query(
    `UPDATE sources SET sync_state = 'IDLE', last_sync_at = now(), last_error = $2,
            sync_progress = COALESCE(sync_progress, '{}'::jsonb) || '{"phase":"done"}'::jsonb
      WHERE id = $1`,
    [
      sourceId,
      failures.length === 0 ? null : `${failures.length} item(s) could not be collected; first: ${failures[0]}`,
    ],
  );
}

/** FAILED with the facts that stopped it, and `lastError` (what the Sources page says, with the remedy). */
export async function markSyncStopped(
  db: Database,
  sourceId: number,
  facts: SyncStopFacts,
  lastError: string,
): Promise<void> {
  await db.pool.query(
    `UPDATE sources SET sync_state = 'FAILED', last_error = $2, last_error_details = $3::jsonb,
            sync_progress = COALESCE(sync_progress, '{}'::jsonb) || '{"phase":"done"}'::jsonb
      WHERE id = $1`,
    [sourceId, lastError, JSON.stringify(facts)],
  );
}

/**
 * IDLE with `last_sync_at` now, once every execution the worker sync found is done
 * (`executionsDone` reached `executionsFound` while fetching); otherwise nothing. Run after
 * each job: the last one to finish marks the sync done.
 */
export async function markSyncDrained(db: Database, sourceId: number): Promise<void> {
  await db.pool.query(
    `UPDATE sources SET sync_state = 'IDLE', last_sync_at = now(), sync_progress = sync_progress || '{"phase":"done"}'::jsonb
      WHERE id = $1 AND sync_state = 'RUNNING'
        AND sync_progress->>'phase' = 'fetching'
        AND COALESCE((sync_progress->>'executionsDone')::int, 0) >= COALESCE((sync_progress->>'executionsFound')::int, 0)`,
    [sourceId],
  );
}

/** Sets the source's `last_error` (what a sync could not collect) and leaves its state. */
export async function setSyncLastError(db: Database, sourceId: number, lastError: string): Promise<void> {
  await db.pool.query("UPDATE sources SET last_error = $2 WHERE id = $1", [sourceId, lastError]);
}
