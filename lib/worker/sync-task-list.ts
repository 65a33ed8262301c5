import type { Job, JobHelpers, TaskList } from "graphile-worker";
import { z } from "zod";
import { AwsAccessError } from "@/lib/aws/aws-error";
import { SharedRateLimiter } from "@/lib/aws/shared-rate-limiter";
import { createRateLimitBuckets } from "@/lib/store/create-rate-limit-buckets";
import type { QuotaOverrides } from "@/lib/aws/aws-quotas";
import type { Database } from "@/lib/db/database";
import {
  createAwsSyncContext,
  getAwsSourceOrThrow,
  type AwsSourceRow,
  type AwsSyncContextOptions,
} from "@/lib/ingest/sync-aws-context";
import type { AwsSyncContext } from "@/lib/ingest/aws-standard/aws-sync-context";
import { createStoreBatcher, type StoreBatcher } from "@/lib/ingest/aws-standard/store-batcher";
import { stopFacts, syncStopMessage } from "@/lib/ingest/sync-aws-source";
import { readSyncCursor } from "@/lib/ingest/sync-cursor";
import { setSyncCursorEntry } from "@/lib/store/set-sync-cursor-entry";
import { planAwsSync, syncWorkItem, type SyncWorkItem } from "@/lib/ingest/sync-plan";
import { addSyncProgress } from "@/lib/store/add-sync-progress";
import { requestAlertEvaluation } from "@/lib/alerts/alert-trigger";
import { createProgressReporter } from "@/lib/ingest/sync-progress-reporter";
import { markSyncDrained, markSyncStarted, markSyncStopped, setSyncLastError } from "@/lib/store/sync-state";

/** Task identifiers, as graphile-worker's `jobs.task_identifier`. */
export const syncTasks = {
  due: "stepscope_sync_due",
  source: "stepscope_sync_source",
  execution: "stepscope_sync_execution",
} as const;

/** `jobKey` of an execution job: this, then the execution ARN (one job per execution). */
export const executionJobKeyPrefix = "sync-execution:";

const sourcePayloadSchema = z.object({ sourceId: z.number().int().positive() });
const executionPayloadSchema = z.object({
  sourceId: z.number().int().positive(),
  executionArn: z.string().min(1),
  parentExecutionArn: z.string().optional(),
});

/** Settings of {@link createSyncTaskList}. */
export interface SyncTaskListOptions extends Omit<AwsSyncContextOptions, "limiter" | "signal"> {
  /** Told which job ran where (tests count each worker's share). */
  readonly onJob?: (task: string, job: Job) => void;
}

/**
 * The graphile-worker tasks of AWS collection. Workers coordinate only through Postgres:
 * - `stepscope_sync_due` (every minute by crontab) queues a source sync for each AWS source
 *   whose poll interval has passed;
 * - `stepscope_sync_source` (one queue per source, so one at a time) lists and plans, then
 *   queues one `stepscope_sync_execution` job per execution (`jobKey` = the ARN, so an
 *   execution is queued once);
 * - `stepscope_sync_execution` fetches one execution under its advisory lock: two workers
 *   never fetch the same execution's pages, and together they fetch more executions at once.
 * The last execution job of a sync marks the source IDLE.
 */
export function createSyncTaskList(db: Database, options: SyncTaskListOptions = {}): TaskList {
  // In Postgres: every worker's jobs draw on the same buckets per account, region and API.
  const limiters = new Map<number, SharedRateLimiter>();
  // One per source in this process: the jobs running at once store their executions together.
  const batchers = new Map<number, StoreBatcher>();
  const batcherOf = (source: AwsSourceRow): StoreBatcher => {
    let batcher = batchers.get(source.id);
    if (!batcher) batchers.set(source.id, (batcher = createStoreBatcher(db, { kind: "AWS", name: source.name })));
    return batcher;
  };
  const limiterOf = (source: AwsSourceRow): SharedRateLimiter => {
    let limiter = limiters.get(source.id);
    if (!limiter)
      limiters.set(
        source.id,
        (limiter = new SharedRateLimiter(createRateLimitBuckets(db), source.settings.quotas as QuotaOverrides)),
      );
    return limiter;
  };

  async function withContext<T>(
    sourceId: number,
    run: (ctx: AwsSyncContext, source: AwsSourceRow) => Promise<T>,
  ): Promise<T> {
    const source = await getAwsSourceOrThrow(db.pool, sourceId);
    const lockClient = await db.pool.connect();
    const failures: string[] = [];
    const reporter = createProgressReporter(db, source.id, 500, undefined);
    const ctx = createAwsSyncContext(db, source, lockClient, (delta) => reporter.add(delta), failures, {
      ...options,
      limiter: limiterOf(source),
      storeBatcher: batcherOf(source),
    });
    try {
      return await run(ctx, source);
    } catch (error) {
      if (!(error instanceof AwsAccessError)) throw error;
      const facts = stopFacts(error);
      await markSyncStopped(db, source.id, facts, syncStopMessage(facts));
      return undefined as T;
    } finally {
      await reporter.finish(undefined);
      ctx.clients.destroy();
      lockClient.release();
      if (failures.length > 0) {
        await setSyncLastError(db, source.id, `could not be collected: ${failures[0]}`);
      }
      await finishIfDrained(db, source.id);
    }
  }

  const queueExecution = (helpers: JobHelpers, sourceId: number, item: SyncWorkItem) =>
    helpers.addJob(
      syncTasks.execution,
      { sourceId, ...item },
      { jobKey: `${executionJobKeyPrefix}${item.executionArn}`, maxAttempts: 5 },
    );

  return {
    [syncTasks.due]: async (_payload, helpers) => {
      const { rows } = await db.pool.query<{ id: number }>(
        `SELECT id FROM sources WHERE kind = 'AWS' AND region IS NOT NULL AND (sync_state <> 'RUNNING' OR sync_started_at < now() - interval '1 hour')
            AND (last_sync_at IS NULL OR last_sync_at + make_interval(secs => COALESCE((settings->>'pollIntervalSeconds')::int, 300)) < now())`,
      );
      for (const { id } of rows) await enqueueSourceSync(helpers, id);
    },
    [syncTasks.source]: async (payload, helpers) => {
      const { sourceId } = sourcePayloadSchema.parse(payload);
      options.onJob?.(syncTasks.source, helpers.job);
      await markSyncStarted(db, sourceId);
      await withContext(sourceId, async (ctx, source) => {
        const plan = await planAwsSync(ctx, source.settings, readSyncCursor(source.syncCursor), new Date());
        // Counted before the jobs exist, so the last job to finish sees the whole count.
        await addSyncProgress(db, sourceId, { executionsFound: plan.work.length }, "fetching");
        for (const item of plan.work) await queueExecution(helpers, sourceId, item);
        // The jobs are durable in Postgres: the listing mark can move now.
        for (const { stateMachineArn, mark } of plan.marks)
          await setSyncCursorEntry(db, sourceId, "standard", stateMachineArn, mark);
      });
    },
    [syncTasks.execution]: async (payload, helpers) => {
      const item = executionPayloadSchema.parse(payload);
      options.onJob?.(syncTasks.execution, helpers.job);
      await withContext(item.sourceId, async (ctx) => {
        try {
          const children = await syncWorkItem(
            ctx,
            item.parentExecutionArn
              ? { executionArn: item.executionArn, parentExecutionArn: item.parentExecutionArn }
              : { executionArn: item.executionArn },
          );
          await addSyncProgress(db, item.sourceId, { executionsFound: children.length });
          // New or changed executions: the alert rules look again (coalesced, at most once a minute).
          requestAlertEvaluation();
          for (const child of children) await queueExecution(helpers, item.sourceId, child);
        } catch (error) {
          if (error instanceof AwsAccessError) throw error;
          ctx.onItemError(item.executionArn, error);
          ctx.report({ executionsDone: 1 });
        }
      });
    },
  };
}

/** Queues a sync of `sourceId` (one queue per source: its syncs run one after another). */
export async function enqueueSourceSync(helpers: Pick<JobHelpers, "addJob">, sourceId: number): Promise<void> {
  await helpers.addJob(
    syncTasks.source,
    { sourceId },
    { jobKey: `sync-source:${sourceId}`, queueName: `sync-source:${sourceId}`, maxAttempts: 3 },
  );
}

/** Marks the source's sync done once every execution it found is done (run after each job). */
async function finishIfDrained(db: Database, sourceId: number): Promise<void> {
  await addSyncProgress(db, sourceId, {});
  await markSyncDrained(db, sourceId);
}
