import type pg from "pg";

// The backfill's own bookkeeping in `app_settings` (lib/store/backfill-analytics.ts writes it);
// lib/queries reads it through these for the status the analytics pages show.

/** `app_settings` key set once every execution stored before the analytics tables is counted. */
export const analyticsBackfilledKey = "analytics.backfilled";
/** `app_settings` key of an unfinished backfill's progress (`{ cutoff, lastId, count, total }`). */
export const analyticsBackfillProgressKey = "analytics.backfill.progress";
/** The migration that created the analytics rollups: executions created before it finished were never counted. */
export const analyticsMigrationName = "20250201000000_analytics_rollups";

/** An unfinished backfill's progress, as `app_settings` keeps it. */
export interface BackfillProgress {
  readonly cutoff: string;
  readonly lastId: string;
  readonly count: number;
  /** Executions to count in all (absent in progress saved by older versions). */
  readonly total?: number;
}

/** Executions stored before `cutoff` (what the backfill counts in all). */
export async function countToBackfill(client: Pick<pg.ClientBase, "query">, cutoff: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM executions WHERE created_at < $1::timestamptz",
    [cutoff],
  );
  return rows[0]?.n ?? 0;
}

/** Saved progress, or a fresh start at the migration's finish time; null when that migration is not recorded. */
export async function readBackfillProgress(client: Pick<pg.ClientBase, "query">): Promise<BackfillProgress | null> {
  const saved = await client.query<{ value: BackfillProgress }>("SELECT value FROM app_settings WHERE key = $1", [
    analyticsBackfillProgressKey,
  ]);
  if (saved.rows[0]) return saved.rows[0].value;
  const { rows } = await client.query<{ finished_at: string | null }>(
    `SELECT finished_at::text FROM "_prisma_migrations"
      WHERE migration_name = $1 AND rolled_back_at IS NULL AND finished_at IS NOT NULL
      ORDER BY finished_at DESC LIMIT 1`,
    [analyticsMigrationName],
  );
  const finished = rows[0]?.finished_at;
  return finished ? { cutoff: finished, lastId: "0", count: 0 } : null;
}
