/**
 * Where shared token buckets live (lib/store keeps them in Postgres): the AWS layer paces
 * calls with it and never writes rows itself. `key` names one bucket (account, region, API).
 */
export interface RateLimitStore {
  /**
   * Refills the bucket by the time since its last take, caps it at `capacity`, takes one
   * token, and returns the tokens left: below zero is a place in the queue, paid off after
   * `-tokens / refillPerSecond` seconds.
   */
  take(key: string, capacity: number, refillPerSecond: number): Promise<number>;
  /** Leaves nothing in the bucket now (AWS throttled anyway: another client shares the quota). */
  drain(key: string, capacity: number, refillPerSecond: number): Promise<void>;
}
