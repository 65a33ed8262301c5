import type pg from "pg";

/** What a read's result depends on, read in one round trip; see {@link readDataVersion}. */
export interface DataVersion {
  /**
   * The sum of every write counter (migration 20261206003000_read_versions): moves with every
   * committed write to a table a cached read may read, local runs' included; not with
   * sign-ins, rate limits, alert deliveries, job bookkeeping, nor writes to other databases on
   * the same Postgres server, which the WAL position moved with.
   */
  readonly data: string | null;
  /**
   * The sum of the `production` write counters: moves with every committed write the figures
   * can see, not with local runs' writes.
   */
  readonly production: string | null;
}

/**
 * Both versions of the data the server behind `pool` shows (a primary, or a replica at the
 * position it has replayed, where the counters replicate with the data). A field is null when
 * the server cannot say.
 */
export async function readDataVersion(pool: Pick<pg.Pool, "query">): Promise<DataVersion> {
  const { rows } = await pool.query<{ data: string | null; production: string | null }>(
    "SELECT sum(version)::text AS data, (sum(version) FILTER (WHERE scope = 'production'))::text AS production FROM read_versions",
  );
  return { data: rows[0]?.data ?? null, production: rows[0]?.production ?? null };
}
