import { run, type Runner } from "graphile-worker";
import type { Database } from "@/lib/db/database";
import { createSyncTaskList, syncTasks, type SyncTaskListOptions } from "./sync-task-list";

/** Settings of {@link startSyncWorker}. */
export interface SyncWorkerOptions extends SyncTaskListOptions {
  /** Jobs run at once by this worker; default 16. */
  readonly concurrency?: number;
  /** Queue due syncs every minute (graphile-worker crontab); default true. */
  readonly schedule?: boolean;
  /** ms between polls for jobs when LISTEN/NOTIFY is quiet; default 2,000. */
  readonly pollIntervalMs?: number;
  /** Let graphile-worker stop gracefully on SIGINT/SIGTERM; default false (the caller handles signals). */
  readonly handleSignals?: boolean;
}

/** Starts a graphile-worker runner with the AWS collection tasks on the database's pool; `stop()` it to end. */
export async function startSyncWorker(db: Database, options: SyncWorkerOptions = {}): Promise<Runner> {
  return run({
    pgPool: db.pool,
    taskList: createSyncTaskList(db, options),
    concurrency: options.concurrency ?? 16,
    pollInterval: options.pollIntervalMs ?? 2_000,
    noHandleSignals: options.handleSignals !== true,
    ...(options.schedule === false ? { crontab: "" } : { crontab: `* * * * * ${syncTasks.due}` }),
  });
}
