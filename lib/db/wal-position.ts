import type pg from "pg";

/**
 * The WAL position of what the server behind `pool` shows: on a primary, the end of what was
 * written (`pg_current_wal_insert_lsn()`); on a streaming replica (in recovery), the end of
 * what it has replayed (`pg_last_wal_replay_lsn()`). Two reads at the same position see the
 * same data, whichever server answered. `null` when the server cannot say (a replica before
 * its first replay).
 */
export async function readWalPosition(pool: pg.Pool): Promise<string | null> {
  const { rows } = await pool.query<{ lsn: string | null }>(
    "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn",
  );
  return rows[0]?.lsn ?? null;
}

/** Whether the server behind `pool` shows everything up to `lsn` (a position read on the primary). */
export async function hasReached(pool: pg.Pool, lsn: string): Promise<boolean> {
  const { rows } = await pool.query<{ reached: boolean | null }>(
    "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END) >= $1::pg_lsn AS reached",
    [lsn],
  );
  return rows[0]?.reached === true;
}

/** A WAL position as Postgres prints it (`16/B374D848`): what a cookie may carry back. */
export function isWalPosition(value: string): boolean {
  return /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i.test(value);
}
