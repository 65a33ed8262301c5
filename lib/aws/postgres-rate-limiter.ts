import type pg from "pg";
import { getApiQuota, type AwsApi, type QuotaOverrides } from "./aws-quotas";
import type { RateBucket, RateLimiter } from "./aws-rate-limiter";
import { abortableSleep } from "./abortable-sleep";

// One statement: refill by the time since the last take (the database's clock, the same
// for every process), cap at the bucket size, take one. A result below zero is a place in
// the queue: the caller waits until the refill has paid it off. Every process calling the
// same account, region and API thereby shares one bucket, without polling.
const TAKE = `
INSERT INTO aws_rate_limits AS b (key, tokens, updated_at) VALUES ($1, $2::float8 - 1, clock_timestamp())
ON CONFLICT (key) DO UPDATE SET
  tokens = LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at)::float8 * $3::float8) - 1,
  updated_at = clock_timestamp()
RETURNING tokens`;

// AWS throttled anyway (another client of the account shares the quota): nothing left now.
const DRAIN = `
UPDATE aws_rate_limits AS b SET
  tokens = LEAST(0, LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at)::float8 * $3::float8)),
  updated_at = clock_timestamp()
WHERE key = $1`;

/**
 * Token buckets per account, region and API kept in Postgres (`aws_rate_limits`), so any
 * number of workers, web processes and CLI runs together stay within one quota. Sizes and
 * refill rates are AWS's published defaults with the source's `overrides` on top (an
 * account with raised quotas); each call passes them, so the bucket follows the settings
 * of whoever calls. One round trip per AWS call.
 */
export class PostgresRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Pick<pg.Pool, "query">,
    private readonly overrides: QuotaOverrides = {},
  ) {}

  bucket(account: string, region: string, api: AwsApi): RateBucket {
    const key = `${account}|${region}|${api}`;
    const { capacity, refillPerSecond } = getApiQuota(api, region, this.overrides);
    const { db } = this;
    return {
      async take(signal) {
        signal?.throwIfAborted();
        const { rows } = await db.query<{ tokens: number }>(TAKE, [key, capacity, refillPerSecond]);
        const tokens = Number(rows[0]!.tokens);
        if (tokens >= 0) return;
        await abortableSleep((-tokens / refillPerSecond) * 1000, signal);
      },
      async drain() {
        await db.query(DRAIN, [key, capacity, refillPerSecond]);
      },
    };
  }
}
