import { accessRemedy } from "@/lib/errors/access-remedy";
import type pg from "pg";

/** What stopped a source: AWS's `code` and `message`, and the IAM `action` refused (null when not a permission fault). */
export interface SyncStopFacts {
  readonly code: string;
  readonly message: string;
  readonly action: string | null;
}

/** RUNNING, counters reset, the last error cleared. */
export async function markSyncStarted(db: Pick<pg.Pool, "query">, sourceId: number): Promise<void> {
  await db.query(
    `UPDATE sources SET sync_state = 'RUNNING', sync_started_at = now(), last_error = NULL, last_error_details = NULL,
            sync_progress = '{"phase":"listing","executionsFound":0,"executionsDone":0,"eventsFetched":0,"pagesFetched":0,"retries":0}'::jsonb
      WHERE id = $1`,
    [sourceId],
  );
}

/** IDLE with `last_sync_at` now; items that could not be collected are summed up in `last_error`. */
export async function markSyncFinished(db: Pick<pg.Pool, "query">, sourceId: number, failures: readonly string[]): Promise<void> {
  await db.query(
    `UPDATE sources SET sync_state = 'IDLE', last_sync_at = now(), last_error = $2,
            sync_progress = COALESCE(sync_progress, '{}'::jsonb) || '{"phase":"done"}'::jsonb
      WHERE id = $1`,
    [sourceId, failures.length === 0 ? null : `${failures.length} item(s) could not be collected; first: ${failures[0]}`],
  );
}

/** FAILED with the facts that stopped it. */
export async function markSyncStopped(db: Pick<pg.Pool, "query">, sourceId: number, facts: SyncStopFacts): Promise<void> {
  await db.query(
    `UPDATE sources SET sync_state = 'FAILED', last_error = $2, last_error_details = $3::jsonb,
            sync_progress = COALESCE(sync_progress, '{}'::jsonb) || '{"phase":"done"}'::jsonb
      WHERE id = $1`,
    [sourceId, `${facts.code}: ${facts.message} — ${accessRemedy(facts.code, facts.action ?? null)}`, JSON.stringify(facts)],
  );
}
