import type pg from "pg";

/** `history_events_pYYYY_MM`: the partition of one UTC month (migration 20261204141000_history_events_by_month). */
const PARTITION_NAME = /^history_events_p(\d{4})_(\d{2})$/;

/** The first instant of the UTC month `offset` months after the one of `at`. */
function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

function partitionName(month: Date): string {
  return `history_events_p${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The monthly partitions of `history_events`, oldest first, with their bounds. */
export async function listHistoryEventPartitions(
  client: Pick<pg.ClientBase, "query">,
): Promise<{ name: string; from: Date; to: Date }[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'history_events'::regclass",
  );
  return rows
    .map((r) => ({ name: r.name, match: PARTITION_NAME.exec(r.name) }))
    .filter((r): r is { name: string; match: RegExpExecArray } => r.match !== null)
    .map(({ name, match }) => {
      const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
      return { name, from, to: monthStart(from, 1) };
    })
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * Creates the partitions of the month of `now` and the `monthsAhead` after it that are
 * missing, so new executions never land in `history_events_default`. Rows of such a month
 * already in the default partition (a history dated ahead) move into the new partition in
 * the same transaction. Returns the partitions created.
 */
export async function ensureHistoryEventPartitions(pool: pg.Pool, now: Date, monthsAhead = 3): Promise<string[]> {
  const existing = new Set((await listHistoryEventPartitions(pool)).map((p) => p.name));
  const created: string[] = [];
  for (let offset = 0; offset <= monthsAhead; offset++) {
    const from = monthStart(now, offset);
    const name = partitionName(from);
    if (existing.has(name)) continue;
    const to = monthStart(now, offset + 1);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      // Creating a partition locks the parent briefly; never queue behind a long read for long.
      await client.query("SET LOCAL lock_timeout = '5s'");
      await client.query(
        `CREATE TEMP TABLE moved ON COMMIT DROP AS
           WITH m AS (DELETE FROM history_events_default WHERE start_date >= $1 AND start_date < $2 RETURNING *) SELECT * FROM m`,
        [from, to],
      );
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF history_events FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      );
      await client.query("INSERT INTO history_events SELECT * FROM moved");
      await client.query("COMMIT");
      created.push(name);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return created;
}

/**
 * Drops the monthly partitions that end at or before `cutoff` (every source's executions of
 * that month have expired) and hold no event of a RUNNING execution: a month goes at once,
 * without a row-by-row delete. The execution rows themselves go afterwards, in batches.
 * Returns the partitions dropped.
 */
export async function dropExpiredHistoryEventPartitions(client: pg.PoolClient, cutoff: Date): Promise<string[]> {
  const dropped: string[] = [];
  for (const p of await listHistoryEventPartitions(client)) {
    if (p.to > cutoff) break;
    const { rows } = await client.query<{ running: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM executions WHERE start_date >= $1 AND start_date < $2 AND status = 'RUNNING') AS running",
      [p.from, p.to],
    );
    if (rows[0]?.running) continue;
    await client.query("BEGIN");
    try {
      // DROP locks the parent for an instant; a long read ahead of it makes it give up (next pass retries).
      await client.query("SET LOCAL lock_timeout = '2s'");
      await client.query(`DROP TABLE ${p.name}`);
      await client.query("COMMIT");
      dropped.push(p.name);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      if ((error as { code?: string }).code !== "55P03") throw error;
    }
  }
  return dropped;
}
