import { run, type Runner, type TaskList } from "graphile-worker";
import { z } from "zod";
import type { Database } from "@/lib/db/database";
import { bulkActionJobKey, bulkActionTask } from "./bulk-action-jobs";
import { processBulkAction, type ProcessBulkActionOptions } from "./process-bulk-action";

const payloadSchema = z.object({ bulkActionId: z.string().regex(/^\d+$/) });

/** Settings of {@link startBulkActionWorker}. */
export interface BulkActionWorkerOptions extends Omit<ProcessBulkActionOptions, "signal"> {
  /** Bulk actions run at once by this process; default 2. */
  readonly jobs?: number;
  /** ms between polls for jobs when LISTEN/NOTIFY is quiet; default 2,000. */
  readonly pollIntervalMs?: number;
}

/** The graphile-worker task of bulk actions. A job stopped mid-way (shutdown) fails and is retried: it resumes at the first PENDING item. */
export function createBulkActionTaskList(
  db: Database,
  options: Omit<ProcessBulkActionOptions, "signal"> = {},
): TaskList {
  return {
    [bulkActionTask]: async (payload, helpers) => {
      const { bulkActionId } = payloadSchema.parse(payload);
      const outcome = await processBulkAction(db, BigInt(bulkActionId), { ...options, signal: helpers.abortSignal });
      // Another process holds it (it is alive: its session holds the lock); nothing to do here.
      if (outcome === "busy") helpers.logger.info(`bulk action ${bulkActionId} is being run elsewhere`);
    },
  };
}

/**
 * Runs bulk actions in this process (graphile-worker, jobs in Postgres). On start it
 * queues again every bulk action still RUNNING: one whose process was killed mid-way
 * resumes at its first PENDING item (its old job may stay locked by the dead process
 * until graphile-worker releases it; the advisory lock of `processBulkAction` keeps two
 * runs apart either way).
 */
export async function startBulkActionWorker(db: Database, options: BulkActionWorkerOptions = {}): Promise<Runner> {
  const { jobs, pollIntervalMs, ...processOptions } = options;
  const runner = await run({
    pgPool: db.pool,
    taskList: createBulkActionTaskList(db, processOptions),
    concurrency: jobs ?? 2,
    pollInterval: pollIntervalMs ?? 2_000,
    noHandleSignals: true,
    crontab: "",
  });
  const { rows } = await db.pool.query<{ id: string }>(
    "SELECT id::text AS id FROM bulk_actions WHERE state = 'RUNNING' ORDER BY id",
  );
  for (const { id } of rows)
    await runner.addJob(bulkActionTask, { bulkActionId: id }, { jobKey: bulkActionJobKey(id), maxAttempts: 25 });
  return runner;
}
