import type pg from "pg";

/** What a read's result depends on, read in one round trip; see {@link readDataVersion}. */
export interface DataVersion {
  /** The WAL position: moves with every write to the database, whatever it is (see `readWalPosition`). */
  readonly wal: string | null;
  /**
   * The sum of the `production` write counters (migration 20261206003000_read_versions):
   * moves with every committed write the figures can see, not with local runs' writes, nor
   * sign-ins, rate limits, alert deliveries or job bookkeeping.
   */
  readonly production: string | null;
}

/**
 * Both versions of the data the server behind `pool` shows (a primary, or a replica at the
 * position it has replayed, where the counters replicate with the data). A field is null when
 * the server cannot say (a replica before its first replay).
 */
export async function readDataVersion(pool: Pick<pg.Pool, "query">): Promise<DataVersion> {
  const { rows } = await pool.query<{ lsn: string | null; production: string | null }>(
    "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn, " +
      "(SELECT sum(version) FROM read_versions WHERE scope = 'production')::text AS production",
  );
  return { wal: rows[0]?.lsn ?? null, production: rows[0]?.production ?? null };
}
