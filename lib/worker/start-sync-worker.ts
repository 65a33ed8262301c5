import { makeWorkerUtils, run, type Runner, type WorkerUtils } from "graphile-worker";
import { executionLockKey } from "@/lib/ingest/aws-standard/stored-history";
import type { Database } from "@/lib/db/database";
import { createSyncTaskList, executionJobKeyPrefix, syncTasks, type SyncTaskListOptions } from "./sync-task-list";
import { createRetentionTask, retentionCrontab, retentionTask } from "./retention-task";

/** Settings of {@link startSyncWorker}. */
export interface SyncWorkerOptions extends SyncTaskListOptions {
  /** Jobs run at once by this worker; default 16. */
  readonly concurrency?: number;
  /** Queue due syncs every minute and a retention pass every hour (graphile-worker crontab); default true. */
  readonly schedule?: boolean;
  /** ms between polls for jobs when LISTEN/NOTIFY is quiet; default 2,000. */
  readonly pollIntervalMs?: number;
  /** Let graphile-worker stop gracefully on SIGINT/SIGTERM; default false (the caller handles signals). */
  readonly handleSignals?: boolean;
  /** See {@link releaseAbandonedSyncJobs}; checked at start and every half of it. Default 120,000 ms. */
  readonly staleJobMs?: number;
  /** Told when workers that died are released, or when looking for them failed. */
  readonly log?: (message: string) => void;
}

/**
 * Starts a graphile-worker runner with the AWS collection tasks on the database's pool;
 * `stop()` it to end. It also releases the jobs of workers that died (see
 * {@link releaseAbandonedSyncJobs}), so what a killed worker held is fetched again.
 */
export async function startSyncWorker(db: Database, options: SyncWorkerOptions = {}): Promise<Runner> {
  const staleJobMs = options.staleJobMs ?? 120_000;
  const utils = await makeWorkerUtils({ pgPool: db.pool });
  await utils.migrate();
  const release = (): void =>
    void releaseAbandonedSyncJobs(db, utils, staleJobMs).then(
      (n) => (n > 0 ? options.log?.(`released the jobs of ${n} worker(s) that died`) : undefined),
      (error: unknown) =>
        options.log?.(
          `could not look for the jobs of dead workers: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  release();
  const timer = setInterval(release, Math.max(1_000, staleJobMs / 2));
  timer.unref();
  const runner = await runWith(db, options);
  void runner.promise.finally(() => {
    clearInterval(timer);
    void utils.release();
  });
  return runner;
}

function runWith(db: Database, options: SyncWorkerOptions): Promise<Runner> {
  return run({
    pgPool: db.pool,
    taskList: {
      ...createSyncTaskList(db, options),
      [retentionTask]: createRetentionTask(db, options.log),
    },
    concurrency: options.concurrency ?? 16,
    pollInterval: options.pollIntervalMs ?? 2_000,
    noHandleSignals: options.handleSignals !== true,
    ...(options.schedule === false ? { crontab: "" } : { crontab: `* * * * * ${syncTasks.due}\n${retentionCrontab}` }),
  });
}

/**
 * Releases the jobs of workers that died holding them. graphile-worker keeps a job locked
 * by its worker for hours; a worker killed mid-sync would hold its executions that long.
 * An execution job fetches under its execution's advisory lock, which Postgres frees the
 * moment the worker's session ends: a job locked longer than `staleAfterMs` whose lock is
 * free has lost its worker, and `forceUnlockWorkers` hands that worker's jobs (and queue)
 * back to the living. Returns the number of workers released.
 */
export async function releaseAbandonedSyncJobs(
  db: Pick<Database, "pool">,
  utils: Pick<WorkerUtils, "forceUnlockWorkers">,
  staleAfterMs: number,
): Promise<number> {
  const { rows } = await db.pool.query<{ locked_by: string; arn: string }>(
    // The job key (`sync-execution:<arn>`, see sync-task-list) names the execution; the payload is not in graphile-worker's public view.
    `SELECT locked_by, substr(key, length($3) + 1) AS arn FROM graphile_worker.jobs
      WHERE task_identifier = $1 AND locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $2::float8) AND starts_with(key, $3)`,
    [syncTasks.execution, staleAfterMs / 1000, executionJobKeyPrefix],
  );
  // A worker is taken for dead only when none of its stale jobs holds its execution: a live
  // one is fetching at least one of them (its other jobs may be between lock and finish).
  const alive = new Set<string>();
  const dead = new Set<string>();
  const client = await db.pool.connect();
  try {
    for (const { locked_by: worker, arn } of rows) {
      if (alive.has(worker)) continue;
      const key = executionLockKey(arn);
      const { rows: lock } = await client.query<{ ok: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok",
        [key],
      );
      if (!lock[0]?.ok) {
        alive.add(worker);
        dead.delete(worker);
        continue;
      }
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
      dead.add(worker);
    }
  } finally {
    client.release();
  }
  if (dead.size > 0) await utils.forceUnlockWorkers([...dead]);
  return dead.size;
}
