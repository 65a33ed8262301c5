import type pg from "pg";

export interface TableSize {
  readonly table: string;
  /** Main fork (the rows as stored inline), bytes. */
  readonly heap: number;
  /** TOAST table and its index (values past ~2 KB, compressed and out of line), bytes. */
  readonly toast: number;
  readonly indexes: number;
  /** `pg_total_relation_size`: heap + TOAST + indexes (+ free space and visibility maps). */
  readonly total: number;
  /** Grows with each stored execution (not settings, users, the job queue). */
  readonly perExecution: boolean;
}

export const perExecutionTables =
  /^(history_events|state_runs|attempts|executions|execution_|state_|failure_|map_runs|state_machine_definitions|state_machines)/;

/** Every table of the `public` schema with any bytes, largest first. */
export async function tableSizes(db: Pick<pg.Pool, "query">): Promise<TableSize[]> {
  const { rows } = await db.query<{ table: string; heap: string; toast: string; indexes: string; total: string }>(
    `SELECT c.relname AS table,
            pg_relation_size(c.oid) AS heap,
            COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast,
            pg_indexes_size(c.oid) AS indexes,
            pg_total_relation_size(c.oid) AS total
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_total_relation_size(c.oid) > 16384
      ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  return rows.map((r) => ({
    table: r.table,
    heap: Number(r.heap),
    toast: Number(r.toast),
    indexes: Number(r.indexes),
    total: Number(r.total),
    perExecution: perExecutionTables.test(r.table),
  }));
}

export interface UnusedIndex {
  readonly index: string;
  readonly bytes: number;
  /** Backs a primary key, unique or exclusion constraint (or is unique): writers rely on it. */
  readonly constraint: boolean;
}

/** Indexes of the `public` tables `tables` matches with no scan since the last `pg_stat_reset()`, largest first. */
export async function indexUsage(db: Pick<pg.Pool, "query">, tables: RegExp): Promise<UnusedIndex[]> {
  const { rows } = await db.query<{ index: string; bytes: string; constraint: boolean }>(
    `SELECT s.relname || '.' || s.indexrelname AS index, pg_relation_size(s.indexrelid) AS bytes,
            (i.indisunique OR i.indisprimary OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = s.indexrelid)) AS constraint
       FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
      WHERE s.schemaname = 'public' AND s.idx_scan = 0
      ORDER BY pg_relation_size(s.indexrelid) DESC, 1`,
  );
  return rows
    .filter((r) => tables.test(r.index))
    .map((r) => ({ index: r.index, bytes: Number(r.bytes), constraint: r.constraint }));
}

export interface RedundantIndex {
  readonly index: string;
  readonly bytes: number;
  readonly coveredBy: string;
}

/**
 * Plain (not unique, not partial) indexes whose key columns, order and operator classes are
 * the leading keys of another index of the same table and access method: any scan of theirs
 * the other can do, so each costs its writes and bytes for nothing.
 */
export async function redundantIndexes(db: Pick<pg.Pool, "query">): Promise<RedundantIndex[]> {
  const { rows } = await db.query<{ index: string; bytes: string; covered_by: string }>(
    `SELECT a.indexrelid::regclass::text AS index, pg_relation_size(a.indexrelid) AS bytes,
            string_agg(b.indexrelid::regclass::text, ', ') AS covered_by
       FROM pg_index a
       JOIN pg_index b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid
       JOIN pg_class ca ON ca.oid = a.indexrelid
       JOIN pg_class cb ON cb.oid = b.indexrelid
       JOIN pg_namespace n ON n.oid = ca.relnamespace
      WHERE n.nspname = 'public' AND ca.relam = cb.relam
        AND NOT a.indisunique AND a.indpred IS NULL AND b.indpred IS NULL AND a.indexprs IS NULL AND b.indexprs IS NULL
        AND a.indnkeyatts <= b.indnkeyatts
        AND NOT EXISTS (SELECT 1 FROM generate_series(0, a.indnkeyatts - 1) k
                         WHERE a.indkey[k] <> b.indkey[k] OR a.indoption[k] <> b.indoption[k] OR a.indclass[k] <> b.indclass[k])
        AND (a.indnkeyatts < b.indnkeyatts OR a.indexrelid > b.indexrelid)
      GROUP BY a.indexrelid ORDER BY 1`,
  );
  return rows.map((r) => ({ index: r.index, bytes: Number(r.bytes), coveredBy: r.covered_by }));
}
