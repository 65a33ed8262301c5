import type { Database } from "@/lib/db/database";

/** The app_settings key holding when any process last evaluated the alert rules. */
export const LAST_EVALUATION_KEY = "alerts.lastEvaluationAt";

/**
 * Claims the next evaluation at `now` unless any process evaluated less than `minIntervalMs`
 * ago; returns null when claimed, else when the next one may run (ms since epoch). The
 * conditional upsert serializes processes on the row.
 */
export async function claimAlertEvaluation(db: Database, now: Date, minIntervalMs: number): Promise<number | null> {
  const { rows } = await db.pool.query<{ claimed: boolean; last: string }>(
    `WITH claim AS (
       INSERT INTO app_settings (key, value, updated_at) VALUES ($1, to_jsonb($2::text), now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
        WHERE (app_settings.value #>> '{}')::timestamptz <= $2::timestamptz - make_interval(secs => $3::float8 / 1000)
       RETURNING true AS claimed)
     SELECT COALESCE((SELECT claimed FROM claim), false) AS claimed,
            (SELECT value #>> '{}' FROM app_settings WHERE key = $1) AS last`,
    [LAST_EVALUATION_KEY, now.toISOString(), minIntervalMs],
  );
  if (rows[0]?.claimed) return null;
  return Date.parse(rows[0]?.last ?? now.toISOString()) + minIntervalMs;
}

/** Records an evaluation made outside the schedule (`stepscope alerts evaluate`) as the minute's. */
export async function markAlertEvaluated(db: Database, now: Date): Promise<void> {
  await db.pool.query(
    `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, to_jsonb($2::text), now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [LAST_EVALUATION_KEY, now.toISOString()],
  );
}
