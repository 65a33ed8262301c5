import { AwsAccessError, errorFacts } from "@/lib/aws/aws-error";
import { AwsRateLimiter } from "@/lib/aws/aws-rate-limiter";
import type { QuotaOverrides } from "@/lib/aws/aws-quotas";
import { createAwsClients, type AwsClientOptions } from "@/lib/aws/create-aws-clients";
import type { Database } from "@/lib/db/database";
import { syncExpressStateMachine } from "./aws-express/sync-express-state-machine";
import type { AwsSyncContext } from "./aws-standard/aws-sync-context";
import { planStandardExecutions } from "./aws-standard/plan-standard-executions";
import { listExecutions, listMapRuns, listStateMachines, listTags } from "./aws-standard/sfn-calls";
import { getStateMachineInfo, syncStandardExecution } from "./aws-standard/sync-standard-execution";
import { runWorkPool } from "./aws-standard/work-pool";
import { readSyncCursor } from "./sync-cursor";
import { setSyncCursorEntry } from "./sync-cursor-store";
import { createProgressReporter } from "./sync-progress-reporter";
import type { SyncProgress } from "./sync-progress";
import { readSyncSourceSettings, type SyncSourceSettings } from "./sync-source-settings";

/** Settings of one {@link syncAwsSource} run. */
export interface SyncAwsSourceOptions {
  /** Token buckets shared by every sync of this process; default a new one with the source's quota overrides. */
  readonly limiter?: AwsRateLimiter;
  /** In place of the standard credential chain (tests, the sandbox source). Never stored. */
  readonly credentials?: AwsClientOptions["credentials"];
  readonly signal?: AbortSignal;
  /** Called with the running totals at most every `progressIntervalMs` and at the end. */
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Default 500 ms. */
  readonly progressIntervalMs?: number;
  /** See {@link AwsSyncContext.checkpointEveryPages}; default 5. */
  readonly checkpointEveryPages?: number;
  /** Executions fetched at once; default the source's `concurrency` setting. */
  readonly concurrency?: number;
  /** Backoff of retried calls (tests make it short). */
  readonly retry?: { readonly baseBackoffMs?: number; readonly maxBackoffMs?: number; readonly maxRetries?: number };
  /** Default 30,000 ms. */
  readonly requestTimeoutMs?: number;
  readonly now?: () => Date;
}

/** How a sync ended. */
export type SyncOutcome =
  | { readonly status: "done"; readonly progress: SyncProgress; readonly failures: readonly string[] }
  /** Another process is syncing this source. */
  | { readonly status: "busy" }
  /** Stopped: credentials or permissions (`action` is the IAM action refused), or an unexpected fault. */
  | { readonly status: "stopped"; readonly progress: SyncProgress; readonly error: { readonly code: string; readonly message: string; readonly action: string | null } };

interface SourceRow {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly account_id: string | null;
  readonly region: string | null;
  readonly endpoint: string | null;
  readonly settings: unknown;
  readonly sync_cursor: unknown;
}

/**
 * Runs one sync of an AWS source in this process: Standard state machines through the
 * Step Functions API (new executions newest first down to what is known, running ones
 * polled, redriven ones re-read, Distributed Map children linked), Express ones through
 * CloudWatch Logs. Calls are paced by per-account/region/API token buckets and retried on
 * throttling, 5xx and timeouts; credential and permission errors stop the source with AWS's
 * code, message and the IAM action missing. Progress and state go to the `sources` row;
 * the cursor moves only past what is stored, so a killed sync resumes without loss or doubles.
 */
export async function syncAwsSource(db: Database, sourceId: number, options: SyncAwsSourceOptions = {}): Promise<SyncOutcome> {
  const { rows } = await db.pool.query<SourceRow>(
    "SELECT id, name, kind, account_id, region, endpoint, settings, sync_cursor FROM sources WHERE id = $1",
    [sourceId],
  );
  const source = rows[0];
  if (!source || source.kind !== "AWS" || !source.region) throw new Error(`source ${sourceId} is not an AWS source with a region`);
  const settings = readSyncSourceSettings(source.settings);
  const lockClient = await db.pool.connect();
  const sourceLock = `stepscope:source:${source.id}`;
  try {
    const { rows: lock } = await lockClient.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [sourceLock]);
    if (!lock[0]?.ok) return { status: "busy" };
    try {
      return await runSync(db, source, source.region, settings, lockClient, options);
    } finally {
      await lockClient.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [sourceLock]);
    }
  } finally {
    lockClient.release();
  }
}

async function runSync(
  db: Database,
  source: SourceRow,
  region: string,
  settings: SyncSourceSettings,
  lockClient: AwsSyncContext["lockClient"],
  options: SyncAwsSourceOptions,
): Promise<SyncOutcome> {
  await db.pool.query(
    `UPDATE sources SET sync_state = 'RUNNING', sync_started_at = now(), last_error = NULL, last_error_details = NULL,
            sync_progress = '{"phase":"listing","executionsFound":0,"executionsDone":0,"eventsFetched":0,"pagesFetched":0,"retries":0}'::jsonb
      WHERE id = $1`,
    [source.id],
  );
  const reporter = createProgressReporter(db.pool, source.id, options.progressIntervalMs ?? 500, options.onProgress);
  const failures: string[] = [];
  const clients = createAwsClients({
    region,
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.roleArn ? { roleArn: settings.roleArn } : {}),
    ...(settings.externalId ? { externalId: settings.externalId } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  const ctx: AwsSyncContext = {
    db,
    clients,
    call: {
      limiter: options.limiter ?? new AwsRateLimiter(settings.quotas as QuotaOverrides),
      account: source.account_id ?? source.name,
      region,
      ...options.retry,
      ...(options.signal ? { signal: options.signal } : {}),
      onRetry: () => reporter.add({ retries: 1 }),
    },
    source: { id: source.id, name: source.name },
    lockClient,
    stateMachines: new Map(),
    checkpointEveryPages: options.checkpointEveryPages ?? 5,
    report: (delta) => reporter.add(delta),
    onItemError: (item, error) => failures.push(`${item}: ${errorFacts(error).code}: ${errorFacts(error).message}`),
  };
  try {
    await collect(ctx, settings, readSyncCursor(source.sync_cursor), options);
    const progress = await reporter.finish("done");
    await db.pool.query(
      `UPDATE sources SET sync_state = 'IDLE', last_sync_at = now(), last_error = $2 WHERE id = $1`,
      [source.id, failures.length === 0 ? null : `${failures.length} item(s) could not be collected; first: ${failures[0]}`],
    );
    return { status: "done", progress, failures };
  } catch (error) {
    const progress = await reporter.finish("done");
    const facts =
      error instanceof AwsAccessError
        ? { code: error.code, message: error.awsMessage, action: error.action }
        : { ...errorFacts(error), action: null };
    await db.pool.query(
      `UPDATE sources SET sync_state = 'FAILED', last_error = $2, last_error_details = $3::jsonb WHERE id = $1`,
      [source.id, facts.action ? `${facts.code}: ${facts.message} (grant ${facts.action})` : `${facts.code}: ${facts.message}`, JSON.stringify(facts)],
    );
    return { status: "stopped", progress, error: facts };
  } finally {
    clients.destroy();
  }
}

async function collect(ctx: AwsSyncContext, settings: SyncSourceSettings, cursor: ReturnType<typeof readSyncCursor>, options: SyncAwsSourceOptions): Promise<void> {
  const now = options.now?.() ?? new Date();
  const horizon = new Date(now.getTime() - settings.firstSyncDays * 86_400_000);
  const machines = await selectStateMachines(ctx, settings);
  const work: { arn: string; parent?: string }[] = [];
  const marks: { arn: string; mark: unknown }[] = [];
  for (const machine of machines) {
    if (machine.type === "EXPRESS") {
      const info = await getStateMachineInfo(ctx, machine.stateMachineArn);
      const since = cursor.express[machine.stateMachineArn]?.lastTimestamp ?? horizon.getTime();
      const result = await syncExpressStateMachine(ctx, info, since);
      await setSyncCursorEntry(ctx.db.pool, ctx.source.id, "express", machine.stateMachineArn, {
        logGroup: result.logGroup ?? "",
        lastTimestamp: result.lastTimestamp,
        partialReason: result.partialReason,
      });
      continue;
    }
    const plan = await planStandardExecutions(ctx, machine.stateMachineArn, cursor.standard[machine.stateMachineArn] ?? null, horizon);
    work.push(...plan.executionArns.map((arn) => ({ arn })));
    if (plan.mark) marks.push({ arn: machine.stateMachineArn, mark: plan.mark });
  }
  ctx.report({ executionsFound: work.length });
  const failuresBefore = new Set<string>();
  await runWorkPool(
    work,
    options.concurrency ?? settings.concurrency,
    async (item, push) => {
      const result = await syncStandardExecution(ctx, item.arn, item.parent ? { parentExecutionArn: item.parent } : {});
      ctx.report({ executionsDone: 1 });
      if (result.outcome === "stored" && result.startedMapRun) {
        for (const mapRunArn of await listMapRuns(ctx, item.arn)) {
          for await (const child of listExecutions(ctx, { mapRunArn })) {
            ctx.report({ executionsFound: 1 });
            push({ arn: child.executionArn, parent: item.arn });
          }
        }
      }
    },
    {
      isFatal: (error) => error instanceof AwsAccessError || options.signal?.aborted === true,
      onError: (item, error) => {
        failuresBefore.add(item.arn);
        ctx.onItemError(item.arn, error);
      },
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  // The listing mark moves only when every execution it covers is stored: a failed one is listed again next time.
  const failedMachines = new Set([...failuresBefore].map((arn) => arn.replace(/:execution:([^:]+):[^:]+$/, ":stateMachine:$1")));
  for (const { arn, mark } of marks) {
    if (!failedMachines.has(arn)) await setSyncCursorEntry(ctx.db.pool, ctx.source.id, "standard", arn, mark);
  }
}

/** The account's state machines that the source's settings select (all, by name prefix, by tag). */
async function selectStateMachines(ctx: AwsSyncContext, settings: SyncSourceSettings) {
  const all = await listStateMachines(ctx);
  const filter = settings.stateMachines;
  switch (filter.mode) {
    case "all":
      return all;
    case "prefix":
      return all.filter((m) => m.name.startsWith(filter.prefix));
    case "tag": {
      const selected: typeof all = [];
      for (const m of all) {
        const tags = await listTags(ctx, m.stateMachineArn);
        if (tags.has(filter.tagKey) && (filter.tagValue === undefined || tags.get(filter.tagKey) === filter.tagValue)) selected.push(m);
      }
      return selected;
    }
    default: {
      const unreachable: never = filter;
      throw new Error(`unknown filter ${JSON.stringify(unreachable)}`);
    }
  }
}
