import { AwsAccessError, errorFacts } from "@/lib/aws/aws-error";
import { accessRemedy } from "@/lib/errors/access-remedy";
import type { Database } from "@/lib/db/database";
import { runWorkPool } from "./aws-standard/work-pool";
import { createAwsSyncContext, getAwsSourceOrThrow, type AwsSyncContextOptions } from "./sync-aws-context";
import { readSyncCursor } from "./sync-cursor";
import { setSyncCursorEntry } from "@/lib/store/set-sync-cursor-entry";
import { planAwsSync, stateMachineArnOf, syncWorkItem } from "./sync-plan";
import type { SyncProgress } from "./sync-progress";
import { createProgressReporter } from "./sync-progress-reporter";
import { markSyncFinished, markSyncStarted, markSyncStopped, type SyncStopFacts } from "@/lib/store/sync-state";

/** Settings of one {@link syncAwsSource} run. */
export interface SyncAwsSourceOptions extends AwsSyncContextOptions {
  /** Called with the running totals at most every `progressIntervalMs` and at the end. */
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Default 500 ms. */
  readonly progressIntervalMs?: number;
  /** Executions fetched at once; default the source's `concurrency` setting (16). */
  readonly concurrency?: number;
  readonly now?: () => Date;
  /** Called once the source is marked as syncing (its row says RUNNING), before anything is fetched. */
  readonly onStarted?: () => void;
}

/** How a sync ended. */
export type SyncOutcome =
  | { readonly status: "done"; readonly progress: SyncProgress; readonly failures: readonly string[] }
  /** Another process is syncing this source. */
  | { readonly status: "busy" }
  /** Stopped: credentials or permissions (`action` is the IAM action refused), or an unexpected fault. */
  | { readonly status: "stopped"; readonly progress: SyncProgress; readonly error: SyncStopFacts };

/**
 * Runs one sync of an AWS source in this process: Standard state machines through the
 * Step Functions API (new executions newest first down to what is known, running ones
 * polled, redriven ones re-read, Distributed Map children linked), Express ones through
 * CloudWatch Logs. Calls are paced by per-account/region/API token buckets and retried on
 * throttling, 5xx and timeouts; credential and permission errors stop the source with AWS's
 * code, message and the IAM action missing. Progress and state go to the `sources` row;
 * the cursor moves only past what is stored, so a killed sync resumes without loss or doubles.
 */
export async function syncAwsSource(
  db: Database,
  sourceId: number,
  options: SyncAwsSourceOptions = {},
): Promise<SyncOutcome> {
  const source = await getAwsSourceOrThrow(db.pool, sourceId);
  const lockClient = await db.pool.connect();
  const sourceLock = `stepscope:source:${source.id}`;
  try {
    const { rows: lock } = await lockClient.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok",
      [sourceLock],
    );
    if (!lock[0]?.ok) return { status: "busy" };
    try {
      await markSyncStarted(db, source.id);
      options.onStarted?.();
      const reporter = createProgressReporter(db, source.id, options.progressIntervalMs ?? 500, options.onProgress);
      const failures: string[] = [];
      const ctx = createAwsSyncContext(db, source, lockClient, (delta) => reporter.add(delta), failures, options);
      try {
        const plan = await planAwsSync(
          ctx,
          source.settings,
          readSyncCursor(source.syncCursor),
          options.now?.() ?? new Date(),
        );
        ctx.report({ executionsFound: plan.work.length });
        // In this process one session holds every execution lock, so the same ARN twice would not be kept apart by it.
        const queued = new Set(plan.work.map((item) => item.executionArn));
        const failed = new Set<string>();
        await runWorkPool(
          plan.work,
          options.concurrency ?? source.settings.concurrency,
          async (item, push) => {
            const children = (await syncWorkItem(ctx, item)).filter((child) => !queued.has(child.executionArn));
            ctx.report({ executionsFound: children.length });
            for (const child of children) {
              queued.add(child.executionArn);
              push(child);
            }
          },
          {
            isFatal: (error) => error instanceof AwsAccessError || options.signal?.aborted === true,
            onError: (item, error) => {
              failed.add(stateMachineArnOf(item.executionArn));
              ctx.onItemError(item.executionArn, error);
            },
            ...(options.signal ? { signal: options.signal } : {}),
          },
        );
        // A listing mark moves only when every execution it covers is stored: a failed one is listed again next time.
        for (const { stateMachineArn, mark } of plan.marks) {
          if (!failed.has(stateMachineArn)) await setSyncCursorEntry(db, source.id, "standard", stateMachineArn, mark);
        }
        const progress = await reporter.finish("done");
        await markSyncFinished(db, source.id, failures);
        return { status: "done", progress, failures };
      } catch (error) {
        const progress = await reporter.finish("done");
        const facts = stopFacts(error);
        await markSyncStopped(db, source.id, facts, syncStopMessage(facts));
        return { status: "stopped", progress, error: facts };
      } finally {
        ctx.clients.destroy();
      }
    } finally {
      await lockClient.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [sourceLock]);
    }
  } finally {
    lockClient.release();
  }
}

/** What the Sources page says of a stopped sync: AWS's code and message, and the remedy. */
export function syncStopMessage(facts: SyncStopFacts): string {
  return `${facts.code}: ${facts.message} — ${accessRemedy(facts.code, facts.action ?? null)}`;
}

/** What stopped a sync, as the source row and the CLI show it. */
export function stopFacts(error: unknown): SyncStopFacts {
  return error instanceof AwsAccessError
    ? { code: error.code, message: error.awsMessage, action: error.action }
    : { ...errorFacts(error), action: null };
}
