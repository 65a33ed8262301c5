import type { Database } from "@/lib/db/database";
import { syncAwsSource, type SyncOutcome } from "./sync-aws-source";

const running = new Map<number, Promise<SyncOutcome>>();

/**
 * Starts a sync of `sourceId` in this process (the default `npm start` mode) unless one is
 * already under way here; returns at once. Progress and the outcome land on the source row.
 */
export function startInProcessSync(db: Database, sourceId: number): { started: boolean } {
  if (running.has(sourceId)) return { started: false };
  const sync = syncAwsSource(db, sourceId).finally(() => running.delete(sourceId));
  // The outcome is on the source row; nothing awaits this promise.
  sync.catch(() => {});
  running.set(sourceId, sync);
  return { started: true };
}
