import type pg from "pg";

/** Runs `run` between BEGIN and COMMIT on `client` (ROLLBACK and rethrow when it throws). */
export async function inTransaction<T>(client: pg.ClientBase, run: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await run();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** {@link inTransaction} on a client of `pool`, released after. */
export async function withTransaction<T>(
  pool: Pick<pg.Pool, "connect">,
  run: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    return await inTransaction(client, () => run(client));
  } finally {
    client.release();
  }
}
