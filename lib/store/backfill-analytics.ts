import type pg from "pg";
import type { Database } from "@/lib/db/database";
import { inTransaction } from "@/lib/db/in-transaction";
import {
  analyticsBackfilledKey,
  analyticsBackfillProgressKey,
  countToBackfill,
  readBackfillProgress,
} from "./backfill-progress";
import { applyRollupDelta } from "./apply-rollup-delta";
import { resignFailures } from "./resign-failures";

const LOCK = "SELECT pg_advisory_lock(hashtext('stepscope.backfill-analytics'))";
const UNLOCK = "SELECT pg_advisory_unlock(hashtext('stepscope.backfill-analytics'))";

export interface BackfillAnalyticsOptions {
  /** Executions per transaction. Default 500. */
  readonly batchSize?: number;
  /** Called after each batch with the running total. */
  readonly onProgress?: (counted: number) => void;
}

/**
 * Adds the analytics contribution (hourly status counts, duration histograms, cost
 * inputs, per-state and retry rollups, failure signature and group) of every execution
 * stored before the analytics migration, once per database. Returns how many executions
 * it counted by this call (0 when the database was already backfilled).
 *
 * - Which executions: `created_at` before the `finished_at` of the analytics migration
 *   in `_prisma_migrations` (ingestion counts everything it stores after that, and a
 *   re-store keeps `created_at`, so none is counted twice).
 * - Each batch is one transaction that locks its executions (a concurrent
 *   `storeExecution` of one waits), adds them with `applyRollupDelta` (the function
 *   ingestion uses, so signatures are computed in TypeScript the same way) and records
 *   the last id done; a crash resumes after the last committed batch.
 * - An execution stored before the migration and stored again after it, before this
 *   ran, had old facts subtracted that were never added: its (state machine, UTC day)
 *   rows are recounted from scratch (see `repairRestoredGroups`).
 * - An advisory lock serialises concurrent callers; the `analytics.backfilled` marker
 *   makes later calls (and the one that waited) do nothing.
 */
export async function backfillAnalytics(db: Database, options: BackfillAnalyticsOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const client = await db.pool.connect();
  try {
    // Cheap exit without waiting on a running backfill's lock when the marker is there.
    if (await isBackfilled(client)) return 0;
    await client.query(LOCK);
    if (await isBackfilled(client)) return 0;
    const saved = await readBackfillProgress(client);
    if (saved === null) return 0;
    const progress =
      saved.total !== undefined ? saved : { ...saved, total: await countToBackfill(client, saved.cutoff) };
    await writeSetting(client, analyticsBackfillProgressKey, progress);
    let { lastId, count } = progress;
    let counted = 0;
    for (;;) {
      const done = await inTransaction(client, async () => {
        const { rows } = await client.query<{ id: string }>(
          `SELECT id::text FROM executions WHERE created_at < $1::timestamptz AND id > $2::bigint
            ORDER BY executions.id LIMIT $3 FOR UPDATE`,
          [progress.cutoff, lastId, batchSize],
        );
        if (!rows.length) return 0;
        for (const { id } of rows) await applyRollupDelta(client, [id], 1, { scope: "analytics" });
        lastId = rows[rows.length - 1]!.id;
        await writeSetting(client, analyticsBackfillProgressKey, { ...progress, lastId, count: count + rows.length });
        return rows.length;
      });
      if (!done) break;
      count += done;
      counted += done;
      options.onProgress?.(counted);
    }
    await repairRestoredGroups(client, progress.cutoff);
    await inTransaction(client, async () => {
      await writeSetting(client, analyticsBackfilledKey, {
        at: new Date().toISOString(),
        cutoff: progress.cutoff,
        count,
      });
      await client.query("DELETE FROM app_settings WHERE key = $1", [analyticsBackfillProgressKey]);
    });
    return counted;
  } finally {
    await client.query(UNLOCK).catch(() => {});
    client.release();
  }
}

/**
 * Runs {@link backfillAnalytics}, then {@link resignFailures}, without making the caller wait (the server serves while
 * it counts; the analytics pages show its progress). Resolves when it ends; never rejects:
 * a failure is logged and the next start resumes after the last committed batch.
 */
export function startAnalyticsBackfill(db: Database, log: Pick<Console, "info" | "error"> = console): Promise<void> {
  const started = Date.now();
  return backfillAnalytics(db).then(
    async (counted) => {
      if (counted)
        log.info(
          `stepscope: analytics now include the ${counted.toLocaleString("en")} executions stored before them (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
      // After the backfill (which signs with the current rules): failures signed by older rules move to their group.
      const moved = await resignFailures(db);
      if (moved)
        log.info(`stepscope: ${moved.toLocaleString("en")} failures regrouped under this version's failure signatures`);
    },
    (error: unknown) =>
      log.error(
        `stepscope: the analytics backfill stopped (it resumes at the next start): ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
}

/** Rollup tables with a `state_machine_id` and the expression of their UTC day. */
const GROUP_TABLES = [
  ["execution_hourly_rollups", "(hour AT TIME ZONE 'UTC')::date"],
  ["execution_duration_hourly_rollups", "(hour AT TIME ZONE 'UTC')::date"],
  ["execution_duration_daily_rollups", "day"],
  ["execution_cost_daily_rollups", "day"],
  ["state_daily_rollups", "day"],
  ["state_retry_error_daily_rollups", "day"],
  ["failure_signature_daily_rollups", "day"],
] as const;

/**
 * An execution stored before the migration and stored again after it (it progressed)
 * had its old facts subtracted though they were never added: its (state machine, UTC
 * day) rows are off by the old facts, which are gone. Recounts every such group from its
 * executions, each group in one transaction that locks them. Harmless (only redone) for
 * a group whose executions were merely touched.
 *
 * The executions' times are kept to the millisecond (rounded) and the cutoff to the microsecond: a
 * store within the cutoff's millisecond may read as before it. So "after" starts a millisecond early,
 * which also takes in an execution first stored in that millisecond (counted by ingestion and, its
 * rounded `created_at` before the cutoff, by the backfill too).
 */
async function repairRestoredGroups(client: pg.ClientBase, cutoff: string): Promise<void> {
  const { rows: groups } = await client.query<{ state_machine_id: number; day: string }>(
    `SELECT DISTINCT state_machine_id, to_char(start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
       FROM executions
      WHERE created_at < $1::timestamptz AND updated_at > $1::timestamptz - interval '1 millisecond'`,
    [cutoff],
  );
  for (const group of groups) {
    await inTransaction(client, async () => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id::text FROM executions
          WHERE state_machine_id = $1 AND (start_date AT TIME ZONE 'UTC')::date = $2::date
          ORDER BY executions.id FOR UPDATE`,
        [group.state_machine_id, group.day],
      );
      for (const [table, day] of GROUP_TABLES) {
        await client.query(`DELETE FROM ${table} WHERE state_machine_id = $1 AND ${day} = $2::date`, [
          group.state_machine_id,
          group.day,
        ]);
      }
      for (const { id } of rows) await applyRollupDelta(client, [id], 1, { scope: "analytics" });
    });
  }
}

async function isBackfilled(client: pg.ClientBase): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM app_settings WHERE key = $1", [analyticsBackfilledKey]);
  return (rowCount ?? 0) > 0;
}

async function writeSetting(client: pg.ClientBase, key: string, value: unknown): Promise<void> {
  await client.query(
    `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}
