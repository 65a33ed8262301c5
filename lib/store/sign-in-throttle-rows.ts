import type { Database } from "@/lib/db/database";

/** The counters of `sign_in_throttle` (lib/auth/sign-in-throttle.ts sets the keys, window and limits). */
export const signInThrottleRows = {
  /**
   * Counts one attempt on each key in one statement and returns the counts: a key whose
   * window started `windowMs` or more before `now` starts again at 1. The row lock of
   * `INSERT … ON CONFLICT DO UPDATE` serializes concurrent attempts.
   */
  async count(db: Database, keys: readonly [string, string], now: Date, windowMs: number) {
    const { rows } = await db.pool.query<{ key: string; attempts: number; window_start: Date }>(
      `INSERT INTO sign_in_throttle AS t (key, window_start, attempts) VALUES ($1, $3, 1), ($2, $3, 1)
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN t.window_start <= $3::timestamptz - make_interval(secs => $4) THEN 1 ELSE t.attempts + 1 END,
         window_start = CASE WHEN t.window_start <= $3::timestamptz - make_interval(secs => $4) THEN $3 ELSE t.window_start END
       RETURNING key, attempts, window_start`,
      [keys[0], keys[1], now, windowMs / 1000],
    );
    return rows;
  },
  /** Deletes `clearKey` and every key whose window has passed, and takes one attempt off `decrementKey`. */
  async clear(db: Database, clearKey: string, decrementKey: string, now: Date, windowMs: number): Promise<void> {
    await db.pool.query(
      `WITH cleared AS (DELETE FROM sign_in_throttle WHERE key = $1 OR window_start <= $3::timestamptz - make_interval(secs => $4))
       UPDATE sign_in_throttle SET attempts = greatest(attempts - 1, 0) WHERE key = $2`,
      [clearKey, decrementKey, now, windowMs / 1000],
    );
  },
};
