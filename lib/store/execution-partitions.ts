import pg from "pg";

/**
 * The tables partitioned by UTC month of their execution's start (migrations
 * 20261204141000_history_events_by_month, 20261205100000_executions_by_month), in the order the
 * store writes them: `<table>_pYYYY_MM` per month, `<table>_default` for the rest.
 */
export const MONTHLY_TABLES = [
  "executions",
  "history_events",
  "state_runs",
  "attempts",
  "execution_payload_numbers",
] as const;
export type MonthlyTable = (typeof MONTHLY_TABLES)[number];

/** One month's partition of one table. */
export interface MonthPartition {
  readonly name: string;
  /** First instant of the month (UTC), inclusive. */
  readonly from: Date;
  /** First instant of the next month, exclusive. */
  readonly to: Date;
}

type Queryable = Pick<pg.ClientBase, "query">;

/** The first instant of the UTC month `offset` months after the one of `at`. */
function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/** `<table>_pYYYY_MM`: the partition of `table` for the month starting at `month`. */
export function monthPartitionName(table: MonthlyTable, month: Date): string {
  return `${table}_p${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The monthly partitions of `table`, oldest first, with their bounds. */
export async function listMonthPartitions(client: Queryable, table: MonthlyTable): Promise<MonthPartition[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass",
    [table],
  );
  const pattern = new RegExp(`^${table}_p(\\d{4})_(\\d{2})$`);
  return rows
    .map((r) => ({ name: r.name, match: pattern.exec(r.name) }))
    .filter((r): r is { name: string; match: RegExpExecArray } => r.match !== null)
    .map(({ name, match }) => {
      const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
      return { name, from, to: monthStart(from, 1) };
    })
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

/** The columns an INSERT may name (generated ones are computed). */
async function writableColumns(client: Queryable, table: MonthlyTable): Promise<string> {
  const { rows } = await client.query<{ cols: string }>(
    `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS cols FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
    [table],
  );
  return rows[0]!.cols;
}

/** Creates `table`'s partition of [from, to), moving into it the rows `<table>_default` holds for that month. */
async function createMonthPartition(client: pg.ClientBase, table: MonthlyTable, from: Date, to: Date): Promise<void> {
  const name = monthPartitionName(table, from);
  const range = "start_date >= $1 AND start_date < $2";
  const bounds = `FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`;
  // Payload numbers are not moved: the executions' trigger writes them again as the executions move back in.
  if (table === "execution_payload_numbers") {
    await client.query(`DELETE FROM ${table}_default WHERE ${range}`, [from, to]);
    await client.query(`CREATE TABLE ${name} PARTITION OF ${table} FOR VALUES ${bounds}`);
    await client.query("SELECT stepscope_name_partition_indexes($1::regclass)", [name]);
    return;
  }
  const cols = await writableColumns(client, table);
  await client.query(
    `CREATE TEMP TABLE moved_rows ON COMMIT DROP AS
       WITH m AS (DELETE FROM ${table}_default WHERE ${range} RETURNING ${cols}) SELECT * FROM m`,
    [from, to],
  );
  await client.query(`CREATE TABLE ${name} PARTITION OF ${table} FOR VALUES ${bounds}`);
  // Its indexes named `<parent index>_pYYYY_MM` (migration 20261205100000_executions_by_month).
  await client.query("SELECT stepscope_name_partition_indexes($1::regclass)", [name]);
  await client.query(`INSERT INTO ${table} (${cols}) SELECT * FROM moved_rows`);
  await client.query("DROP TABLE moved_rows");
}

/**
 * Creates the partitions of the month of `now` and the `monthsAhead` after it that are missing,
 * for every table of {@link MONTHLY_TABLES}, so new executions never land in a default partition.
 * Rows of such a month already in a default partition (a history dated ahead) move into the new
 * partition in the same transaction (one per month). Returns the months created, by their
 * `history_events` partition's name. `db`: a pool (a connection is taken for the work) or a
 * connection of the caller's, outside a transaction.
 */
export async function ensureExecutionPartitions(
  db: pg.Pool | pg.ClientBase,
  now: Date,
  monthsAhead = 3,
): Promise<string[]> {
  const pooled = db instanceof pg.Pool ? await db.connect() : null;
  const client = pooled ?? (db as pg.ClientBase);
  try {
    const existing = new Set<string>();
    for (const table of MONTHLY_TABLES) for (const p of await listMonthPartitions(client, table)) existing.add(p.name);
    const created: string[] = [];
    for (let offset = 0; offset <= monthsAhead; offset++) {
      const from = monthStart(now, offset);
      // Payload numbers first: the executions moved afterwards write theirs into the new partition.
      const missing = MONTHLY_TABLES.filter((t) => !existing.has(monthPartitionName(t, from))).sort(
        (a, b) => Number(b === "execution_payload_numbers") - Number(a === "execution_payload_numbers"),
      );
      if (missing.length === 0) continue;
      await client.query("BEGIN");
      try {
        // Creating a partition locks the parent briefly; never queue behind a long read for long.
        await client.query("SET LOCAL lock_timeout = '5s'");
        for (const table of missing) await createMonthPartition(client, table, from, monthStart(now, offset + 1));
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
      created.push(monthPartitionName("history_events", from));
    }
    return created;
  } finally {
    pooled?.release();
  }
}

/** How long removing a month took, ms. */
export interface DropTimes {
  /** The detaching transaction's locks (the five parents' ACCESS EXCLUSIVE), to its COMMIT. */
  readonly lockedMs: number;
  /** The running check and the DETACH statements. */
  readonly detachMs: number;
  /** The DROP of the detached tables, COMMIT (their files removed) included: locks no table a read uses. */
  readonly dropMs: number;
}

/** A month dropped whole: its `history_events` partition's name and the executions it held, per source id. */
export interface DroppedMonth extends DropTimes {
  readonly name: string;
  readonly executionsBySource: ReadonlyMap<number, number>;
}

const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Drops the monthly partitions of every table of {@link MONTHLY_TABLES} for the months that end
 * at or before `cutoff` (every source's executions of that month have expired) and hold no
 * RUNNING execution: a month goes at once, without a row-by-row delete. Links into the month
 * (children's `parent_execution_id`, replays' `replay_of_execution_id`) are cleared and its map
 * runs removed first, as deleting its rows would have, and its executions counted per source
 * (a write landing in the month meanwhile, rare in an expired month, is not in the count). The
 * month is then detached under the parents' locks, held for milliseconds and taken only when no
 * read holds them (`lockTries` tries, `lockPauseMs` apart; else the month is left to the next
 * pass), and its detached tables dropped (see dropMonth).
 */
export async function dropExpiredExecutionPartitions(
  client: pg.PoolClient,
  cutoff: Date,
  lockTries = 100,
  lockPauseMs = 20,
): Promise<DroppedMonth[]> {
  await dropLeftovers(client);
  const dropped: DroppedMonth[] = [];
  for (const p of await listMonthPartitions(client, "executions")) {
    if (p.to > cutoff) break;
    const { rows } = await client.query<{ running: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${p.name} WHERE status = 'RUNNING') AS running`,
    );
    if (rows[0]?.running) continue;
    // From the few rows that link (their index), probing the month's ids: never a scan of the month or of executions.
    for (const column of ["parent_execution_id", "replay_of_execution_id"]) {
      await client.query(
        `UPDATE executions c SET ${column} = NULL
          WHERE c.${column} IS NOT NULL AND EXISTS (SELECT 1 FROM ${p.name} e WHERE e.id = c.${column})
            AND NOT (c.start_date >= $1 AND c.start_date < $2)`,
        [p.from, p.to],
      );
    }
    await client.query(`DELETE FROM map_runs m WHERE EXISTS (SELECT 1 FROM ${p.name} e WHERE e.id = m.execution_id)`);
    // Counted before the locks (an index-only scan of the month): the locks are then held for milliseconds.
    const { rows: counts } = await client.query<{ source_id: number; n: number }>(
      `SELECT source_id, count(*)::int AS n FROM ${p.name} GROUP BY source_id`,
    );
    const times = await dropMonth(client, p, lockTries, lockPauseMs);
    if (times !== null) {
      dropped.push({
        name: monthPartitionName("history_events", p.from),
        executionsBySource: new Map(counts.map((c) => [c.source_id, c.n])),
        ...times,
      });
    }
  }
  return dropped;
}

/**
 * Removes month `p` from every table unless it holds a RUNNING execution: one short transaction
 * takes the five parents' ACCESS EXCLUSIVE locks with NOWAIT (never queued, so no read ever waits
 * behind it, and no deadlock with a read holding one of them), checks the month for a running
 * execution and DETACHes its partitions (catalog changes only); a second DROPs the detached
 * tables, whose COMMIT removes their files (seconds for gigabytes) holding locks on them alone.
 * The locks are tried up to `tries` times, `pauseMs` apart (a moment between reads). Returns the
 * times, or null when the month was kept (running, or the locks never free).
 */
async function dropMonth(
  client: pg.PoolClient,
  p: MonthPartition,
  tries: number,
  pauseMs: number,
): Promise<DropTimes | null> {
  const parts = MONTHLY_TABLES.map((t) => [t, monthPartitionName(t, p.from)] as const);
  for (let attempt = 1; ; attempt++) {
    await client.query("BEGIN");
    try {
      await client.query(`LOCK TABLE ${MONTHLY_TABLES.join(", ")} IN ACCESS EXCLUSIVE MODE NOWAIT`);
      const locked = performance.now();
      const { rows } = await client.query<{ running: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${p.name} WHERE status = 'RUNNING') AS running`,
      );
      if (rows[0]?.running) {
        await client.query("ROLLBACK");
        return null;
      }
      for (const [table, part] of parts)
        if (await isPartition(client, part)) await client.query(`ALTER TABLE ${table} DETACH PARTITION ${part}`);
      // A DETACH is no DML statement: the read cache's version (see the read_versions migration) is moved by hand.
      await client.query("SELECT note_data_write(t) FROM unnest($1::text[]) AS t", [[...MONTHLY_TABLES]]);
      const detachMs = performance.now() - locked;
      await client.query("COMMIT");
      const lockedMs = performance.now() - locked;
      const dropping = performance.now();
      await dropDetached(
        client,
        parts.map(([, part]) => part),
      );
      return { lockedMs, detachMs, dropMs: performance.now() - dropping };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      if (attempt >= tries) return null;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

async function isPartition(client: Queryable, name: string): Promise<boolean> {
  const { rows } = await client.query<{ yes: boolean }>(
    "SELECT coalesce((SELECT relispartition FROM pg_class WHERE oid = to_regclass($1)), false) AS yes",
    [name],
  );
  return rows[0]?.yes ?? false;
}

async function dropDetached(client: Queryable, names: readonly string[]): Promise<void> {
  if (names.length > 0) await client.query(`DROP TABLE IF EXISTS ${names.join(", ")}`);
}

/**
 * Tables named like a month's partition that are no partition any more: detached by a pass that
 * stopped before dropping them. Dropped at the start of the next pass.
 */
async function dropLeftovers(client: Queryable): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class
      WHERE relkind = 'r' AND NOT relispartition AND relnamespace = current_schema()::regnamespace
        AND relname ~ $1`,
    [`^(${MONTHLY_TABLES.join("|")})_p\\d{4}_\\d{2}$`],
  );
  await dropDetached(
    client,
    rows.map((r) => r.name),
  );
}
