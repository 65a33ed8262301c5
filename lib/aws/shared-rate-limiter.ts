import { getApiQuota, type AwsApi, type QuotaOverrides } from "./aws-quotas";
import type { RateBucket, RateLimiter } from "./aws-rate-limiter";
import type { RateLimitStore } from "./rate-limit-store";
import { abortableSleep } from "./abortable-sleep";

/**
 * Token buckets per account, region and API kept in a shared `store` (lib/store's, in
 * Postgres), so any number of workers, web processes and CLI runs together stay within one
 * quota. Sizes and refill rates are AWS's published defaults with the source's `overrides`
 * on top (an account with raised quotas); each call passes them, so the bucket follows the
 * settings of whoever calls. One round trip per AWS call; a caller behind in the queue
 * waits until the refill has paid its place off, without polling.
 */
export class SharedRateLimiter implements RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly overrides: QuotaOverrides = {},
  ) {}

  bucket(account: string, region: string, api: AwsApi): RateBucket {
    const key = `${account}|${region}|${api}`;
    const { capacity, refillPerSecond } = getApiQuota(api, region, this.overrides);
    const { store } = this;
    return {
      async take(signal) {
        signal?.throwIfAborted();
        const tokens = await store.take(key, capacity, refillPerSecond);
        if (tokens >= 0) return;
        await abortableSleep((-tokens / refillPerSecond) * 1000, signal);
      },
      async drain() {
        await store.drain(key, capacity, refillPerSecond);
      },
    };
  }
}
