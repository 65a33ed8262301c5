import { AwsAccessError, classifyAwsError, errorFacts, iamActionOf } from "./aws-error";
import type { AwsApi } from "./aws-quotas";
import type { RateLimiter } from "./aws-rate-limiter";
import { abortableSleep } from "./abortable-sleep";

/** How one source's calls are paced and retried. */
export interface AwsCallContext {
  readonly limiter: RateLimiter;
  /** Account id (or a stand-in such as the source name) and region: the buckets' key. */
  readonly account: string;
  readonly region: string;
  /** Retries of a throttled/5xx/timed-out call before giving up; default 12. */
  readonly maxRetries?: number;
  /** First backoff in ms, doubled each retry up to `maxBackoffMs`, with full jitter; default 100. */
  readonly baseBackoffMs?: number;
  /** Default 20,000. */
  readonly maxBackoffMs?: number;
  readonly signal?: AbortSignal;
  /** Told about each retry (for progress and counters). */
  readonly onRetry?: (api: AwsApi, error: unknown) => void;
}

/**
 * Calls `api` through its token bucket, retrying throttling, 5xx and timeouts with
 * exponential backoff and full jitter. Access and credential errors become
 * {@link AwsAccessError}; expired tokens and not-found errors are thrown as they came for
 * the caller to handle.
 */
/** Options passed to the SDK's `send`: the sync's abort signal when it has one. */
export interface SendOptions {
  abortSignal?: AbortSignal;
}

export async function callAws<T>(
  ctx: AwsCallContext,
  api: AwsApi,
  send: (options: SendOptions) => Promise<T>,
): Promise<T> {
  const bucket = ctx.limiter.bucket(ctx.account, ctx.region, api);
  const maxRetries = ctx.maxRetries ?? 12;
  for (let attempt = 0; ; attempt += 1) {
    await bucket.take(ctx.signal);
    try {
      return await send(ctx.signal ? { abortSignal: ctx.signal } : {});
    } catch (error) {
      ctx.signal?.throwIfAborted();
      const kind = classifyAwsError(error);
      if (kind === "access") {
        const { code, message } = errorFacts(error);
        throw new AwsAccessError(code, message, iamActionOf(api));
      }
      if (kind !== "retryable" || attempt >= maxRetries) throw error;
      // Throttled despite our pacing: someone else shares the quota; stop bursting.
      if (errorFacts(error).code.includes("Throttl")) await bucket.drain();
      ctx.onRetry?.(api, error);
      const cap = Math.min(ctx.maxBackoffMs ?? 20_000, (ctx.baseBackoffMs ?? 100) * 2 ** attempt);
      await abortableSleep(Math.random() * cap, ctx.signal);
    }
  }
}
