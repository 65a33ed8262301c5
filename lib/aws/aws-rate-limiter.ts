import { getApiQuota, type AwsApi, type QuotaOverrides } from "./aws-quotas";
import { TokenBucket } from "./token-bucket";

/** Token buckets per account, region and API, created on first use. */
export class AwsRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  /** `overrides`: quotas in place of AWS's defaults, per API. */
  constructor(private readonly overrides: QuotaOverrides = {}) {}

  /** The bucket of `api` in `account` (an id, or the source name when the account is unknown) and `region`. */
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
