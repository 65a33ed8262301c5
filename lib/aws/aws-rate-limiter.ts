import { getApiQuota, type AwsApi, type QuotaOverrides } from "./aws-quotas";
import { TokenBucket } from "./token-bucket";

/** One API's bucket as `callAws` uses it. */
export interface RateBucket {
  /** Waits for a token and takes it; `signal` abandons the wait. */
  take(signal?: AbortSignal): Promise<void>;
  /** Empties the bucket (AWS throttled anyway: someone else shares the quota). */
  drain(): void | Promise<void>;
}

/** Token buckets per account, region and API. */
export interface RateLimiter {
  /** The bucket of `api` in `account` (an id, or the source name when the account is unknown) and `region`. */
  bucket(account: string, region: string, api: AwsApi): RateBucket;
}

/**
 * Token buckets per account, region and API in this process only, created on first use
 * (tests, the fake). Processes that share a database share {@link SharedRateLimiter}'s.
 */
export class AwsRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  /** `overrides`: quotas in place of AWS's defaults, per API. */
  constructor(private readonly overrides: QuotaOverrides = {}) {}

  bucket(account: string, region: string, api: AwsApi): TokenBucket {
    const key = `${account}|${region}|${api}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(getApiQuota(api, region, this.overrides));
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
