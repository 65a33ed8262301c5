import type { RateLimiter } from "@/lib/aws/aws-rate-limiter";
import { SharedRateLimiter } from "@/lib/aws/shared-rate-limiter";
import { createRateLimitBuckets } from "@/lib/store/create-rate-limit-buckets";
import { getApiQuota, type QuotaOverrides } from "@/lib/aws/aws-quotas";
import type { AwsClientOptions } from "@/lib/aws/create-aws-clients";
import type { Database } from "@/lib/db/database";
import type { AwsSyncContext } from "@/lib/ingest/aws-standard/aws-sync-context";
import { createAwsSyncContext, getAwsSourceOrThrow, type AwsSourceRow } from "@/lib/ingest/sync-aws-context";

/** How actions reach AWS; every field has a default for the server. */
export interface AwsActionOptions {
  /** In place of the standard credentials chain (tests). */
  readonly credentials?: AwsClientOptions["credentials"];
  /** Token buckets; default the shared ones in Postgres, so single actions, bulk jobs and every process pace together. */
  readonly limiter?: RateLimiter;
  readonly retry?: { readonly baseBackoffMs?: number; readonly maxBackoffMs?: number; readonly maxRetries?: number };
  readonly requestTimeoutMs?: number;
  /** Abandons waits for tokens, backoffs and calls (a bulk job being stopped). */
  readonly signal?: AbortSignal;
}

/** The APIs that change executions, paced a little under their quota so others sharing the account still get through (and clock skew against AWS's bucket does not throttle us). */
const actionApis = ["StartExecution", "StopExecution", "RedriveExecution"] as const;
const actionQuotaShare = 0.95;

function limiterOf(db: Database, source: AwsSourceRow): RateLimiter {
  const quotas = source.settings.quotas as QuotaOverrides;
  const paced: QuotaOverrides = { ...quotas };
  for (const api of actionApis) {
    const quota = getApiQuota(api, source.region, quotas);
    paced[api] = {
      capacity: Math.max(1, Math.floor(quota.capacity * actionQuotaShare)),
      refillPerSecond: quota.refillPerSecond * actionQuotaShare,
    };
  }
  return new SharedRateLimiter(createRateLimitBuckets(db), paced);
}

/**
 * Runs `fn` with the AWS clients and call pacing of the AWS source `sourceId` (its region,
 * endpoint, profile or role; credentials from the standard chain), the same context the
 * collector uses, so an action can re-fetch the execution it changed through the collector.
 */
export async function withAwsSource<T>(
  db: Database,
  sourceId: number,
  options: AwsActionOptions,
  fn: (ctx: AwsSyncContext) => Promise<T>,
): Promise<T> {
  const source = await getAwsSourceOrThrow(db.pool, sourceId);
  const lockClient = await db.pool.connect();
  const ctx = createAwsSyncContext(db, source, lockClient, () => {}, [], {
    limiter: options.limiter ?? limiterOf(db, source),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    return await fn(ctx);
  } finally {
    ctx.clients.destroy();
    lockClient.release();
  }
}
