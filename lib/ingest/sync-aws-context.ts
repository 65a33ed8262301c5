import type pg from "pg";
import { errorFacts } from "@/lib/aws/aws-error";
import type { RateLimiter } from "@/lib/aws/aws-rate-limiter";
import { SharedRateLimiter } from "@/lib/aws/shared-rate-limiter";
import { createRateLimitBuckets } from "@/lib/store/create-rate-limit-buckets";
import type { QuotaOverrides } from "@/lib/aws/aws-quotas";
import { createAwsClients, type AwsClientOptions } from "@/lib/aws/create-aws-clients";
import type { Database } from "@/lib/db/database";
import type { AwsSyncContext } from "./aws-standard/aws-sync-context";
import { createStoreBatcher, type StoreBatcher } from "./aws-standard/store-batcher";
import type { SyncProgressDelta } from "./sync-progress";
import { readSyncSourceSettings, type SyncSourceSettings } from "./sync-source-settings";

/** An AWS source as a sync reads it. */
export interface AwsSourceRow {
  readonly id: number;
  readonly name: string;
  readonly accountId: string | null;
  readonly region: string;
  readonly endpoint: string | null;
  readonly settings: SyncSourceSettings;
  readonly syncCursor: unknown;
}

/** The AWS source `sourceId`, or an error when it is not one (no region, another kind). */
export async function getAwsSourceOrThrow(db: Pick<pg.Pool, "query">, sourceId: number): Promise<AwsSourceRow> {
  const { rows } = await db.query<{
    id: number;
    name: string;
    kind: string;
    account_id: string | null;
    region: string | null;
    endpoint: string | null;
    settings: unknown;
    sync_cursor: unknown;
  }>("SELECT id, name, kind, account_id, region, endpoint, settings, sync_cursor FROM sources WHERE id = $1", [
    sourceId,
  ]);
  const row = rows[0];
  if (!row || row.kind !== "AWS" || !row.region)
    throw new Error(`source ${sourceId} is not an AWS source with a region`);
  return {
    id: row.id,
    name: row.name,
    accountId: row.account_id,
    region: row.region,
    endpoint: row.endpoint,
    settings: readSyncSourceSettings(row.settings),
    syncCursor: row.sync_cursor,
  };
}

/** How a context reports and paces (see `SyncAwsSourceOptions`). */
export interface AwsSyncContextOptions {
  /** Default: the buckets in Postgres that every process shares, with the source's `quotas` overrides. */
  readonly limiter?: RateLimiter;
  /** Shared by the contexts of one source in a process (a worker's jobs); default one of its own. */
  readonly storeBatcher?: StoreBatcher;
  readonly credentials?: AwsClientOptions["credentials"];
  readonly signal?: AbortSignal;
  readonly checkpointEveryPages?: number;
  readonly expressFlushEveryRecords?: number;
  readonly retry?: { readonly baseBackoffMs?: number; readonly maxBackoffMs?: number; readonly maxRetries?: number };
  readonly requestTimeoutMs?: number;
}

/** Builds the context of a sync of `source`; `destroy` the clients when done. */
export function createAwsSyncContext(
  db: Database,
  source: AwsSourceRow,
  lockClient: pg.PoolClient,
  report: (delta: SyncProgressDelta) => void,
  failures: string[],
  options: AwsSyncContextOptions,
): AwsSyncContext {
  const { settings } = source;
  const clients = createAwsClients({
    region: source.region,
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.roleArn ? { roleArn: settings.roleArn } : {}),
    ...(settings.externalId ? { externalId: settings.externalId } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  return {
    db,
    clients,
    call: {
      limiter: options.limiter ?? new SharedRateLimiter(createRateLimitBuckets(db), settings.quotas as QuotaOverrides),
      account: source.accountId ?? source.name,
      region: source.region,
      ...options.retry,
      ...(options.signal ? { signal: options.signal } : {}),
      onRetry: () => report({ retries: 1 }),
    },
    source: { id: source.id, name: source.name },
    store: (options.storeBatcher ?? createStoreBatcher(db, { kind: "AWS", name: source.name })).store,
    lockClient,
    stateMachines: new Map(),
    checkpointEveryPages: options.checkpointEveryPages ?? 5,
    expressFlushEveryRecords: options.expressFlushEveryRecords ?? 20_000,
    report,
    onItemError: (item, error) => failures.push(`${item}: ${errorFacts(error).code}: ${errorFacts(error).message}`),
  };
}
