import type pg from "pg";

/**
 * Marks the open transaction on `client` as a local run's: its writes count under the `local`
 * read version, not `production` (see the read_versions migration), so the figures' cached
 * reads, which leave local runs out, stay valid. Transaction-local: it ends with COMMIT or
 * ROLLBACK. Only for transactions that write nothing but local runs.
 */
export async function markLocalWrites(client: Pick<pg.PoolClient, "query">): Promise<void> {
  await client.query("SELECT set_config('stepscope.write_scope', 'local', true)");
}
