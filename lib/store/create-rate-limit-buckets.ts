import type { Database } from "@/lib/db/database";

// One statement: refill by the time since the last take (the database's clock, the same
// for every process, unless a test passes its own instant as $4), cap at the bucket size, take one. A result below zero is a place in
// the queue. Every process calling the same account, region and API thereby shares one bucket.
const TAKE = `
INSERT INTO aws_rate_limits AS b (key, tokens, updated_at) VALUES ($1, $2::float8 - 1, coalesce($4::timestamptz, clock_timestamp()))
ON CONFLICT (key) DO UPDATE SET
  tokens = LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM coalesce($4::timestamptz, clock_timestamp()) - b.updated_at)::float8 * $3::float8) - 1,
  updated_at = coalesce($4::timestamptz, clock_timestamp())
RETURNING tokens`;

// AWS throttled anyway (another client of the account shares the quota): nothing left now.
const DRAIN = `
UPDATE aws_rate_limits AS b SET
  tokens = LEAST(0, LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM coalesce($4::timestamptz, clock_timestamp()) - b.updated_at)::float8 * $3::float8)),
  updated_at = coalesce($4::timestamptz, clock_timestamp())
WHERE key = $1`;

/** Token buckets in `aws_rate_limits` (lib/aws's `RateLimitStore` port). */
export interface RateLimitBuckets {
  /** Refills `key`'s bucket (capped at `capacity`), takes one token, returns the tokens left (below zero: a place in the queue). */
  take(key: string, capacity: number, refillPerSecond: number): Promise<number>;
  /** Leaves nothing in `key`'s bucket now. */
  drain(key: string, capacity: number, refillPerSecond: number): Promise<void>;
}

export interface RateLimitBucketsOptions {
  /**
   * The instant each take and drain happens at. Default: the database's clock, shared by
   * every process (what production uses); a test passes its own to make refills exact.
   */
  readonly now?: () => Date;
}

/** The shared AWS rate-limit buckets in `db`, one round trip per take. */
export function createRateLimitBuckets(db: Database, options: RateLimitBucketsOptions = {}): RateLimitBuckets {
  const at = () => options.now?.() ?? null;
  return {
    async take(key, capacity, refillPerSecond) {
      const { rows } = await db.pool.query<{ tokens: number }>(TAKE, [key, capacity, refillPerSecond, at()]);
      return Number(rows[0]!.tokens);
    },
    async drain(key, capacity, refillPerSecond) {
      await db.pool.query(DRAIN, [key, capacity, refillPerSecond, at()]);
    },
  };
}
