import type { Database } from "@/lib/db/database";

// One statement: refill by the time since the last take (the database's clock, the same
// for every process), cap at the bucket size, take one. A result below zero is a place in
// the queue. Every process calling the same account, region and API thereby shares one bucket.
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

/** Token buckets in `aws_rate_limits` (lib/aws's `RateLimitStore` port). */
export interface RateLimitBuckets {
  /** Refills `key`'s bucket (capped at `capacity`), takes one token, returns the tokens left (below zero: a place in the queue). */
  take(key: string, capacity: number, refillPerSecond: number): Promise<number>;
  /** Leaves nothing in `key`'s bucket now. */
  drain(key: string, capacity: number, refillPerSecond: number): Promise<void>;
}

/** The shared AWS rate-limit buckets in `db`, one round trip per take. */
export function createRateLimitBuckets(db: Database): RateLimitBuckets {
  return {
    async take(key, capacity, refillPerSecond) {
      const { rows } = await db.pool.query<{ tokens: number }>(TAKE, [key, capacity, refillPerSecond]);
      return Number(rows[0]!.tokens);
    },
    async drain(key, capacity, refillPerSecond) {
      await db.pool.query(DRAIN, [key, capacity, refillPerSecond]);
    },
  };
}
