import type { Database } from "@/lib/db/database";
import { syncAwsSource, type SyncOutcome } from "./sync-aws-source";

const running = new Map<number, Promise<SyncOutcome>>();

/**
 * Starts a sync of `sourceId` in this process (the default `npm start` mode) unless one is
 * already under way here or in another process. Resolves once the source's row says it is
 * syncing (so a page that reads it right after sees the sync), or with `started: false` when
 * another sync holds the source; the sync itself goes on, its progress and outcome on the row.
 */
export function startInProcessSync(db: Database, sourceId: number): Promise<{ started: boolean }> {
  if (running.has(sourceId)) return Promise.resolve({ started: false });
  return new Promise((resolve, reject) => {
    const sync = syncAwsSource(db, sourceId, { onStarted: () => resolve({ started: true }) }).finally(() =>
      running.delete(sourceId),
    );
    running.set(sourceId, sync);
    // Settles the caller when the sync ended before it started (busy elsewhere, or an unknown source);
    // after onStarted these calls are no-ops, and the outcome is on the source row.
    sync.then(
      (outcome) => resolve({ started: outcome.status !== "busy" }),
      (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    );
  });
}
