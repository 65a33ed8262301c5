import type pg from "pg";
import { getRetentionCutoff, getSourceRetention, type RetentionPolicy } from "@/lib/retention/retention-policy";
import {
  dropExpiredExecutionPartitions,
  ensureExecutionPartitions,
  type DroppedMonth,
  type DropTimes,
} from "./execution-partitions";

/** Settings of {@link applyRetention}. */
export interface ApplyRetentionOptions {
  /** The instant "N days ago" counts from; default now. */
  readonly now?: Date;
  /** Executions removed per statement (each its own short transaction); default 2,000. */
  readonly batchSize?: number;
  /** Told after each batch (benchmarks, progress). */
  readonly onBatch?: (sourceName: string, removed: number) => void;
  /** Told each step's wall time in ms: `partitions` (created ahead), `months` (dropped whole), `rows` (batches, rollups). */
  readonly onStep?: (step: "partitions" | "months" | "rows", ms: number) => void;
}

/** What {@link applyRetention} removed, per source. */
export interface RetentionOutcome {
  /** False when another process was applying retention already (this one did nothing). */
  readonly applied: boolean;
  /**
   * Months whose partitions were created ahead (this month and the next three), by their
   * `history_events` partition's name: every table of `MONTHLY_TABLES` got its partition of the month.
   */
  readonly partitionsCreated: readonly string[];
  /**
   * Whole months dropped (every source's cutoff past them, none of their executions running), by
   * their `history_events` partition's name: the month's executions, state runs, attempts and
   * payload numbers partitions went with it.
   */
  readonly partitionsDropped: readonly string[];
  /** For each month dropped, how long the parents' locks were held (detaching it) and the DROP of its detached tables took. */
  readonly dropLocks: readonly DropTimes[];
  readonly sources: readonly {
    readonly name: string;
    /** Ended executions removed, those of the months dropped whole included. */
    readonly executionsRemoved: number;
    /** RUNNING executions older than the cutoff, kept: a running execution is never removed. */
    readonly runningKept: number;
    readonly rollupRowsRemoved: number;
  }[];
}

// Each rollup table and its time column. Daily rows feed weekly ones through triggers
// (migrations 20250901000001, 20250901000004): removing whole weeks only, weekly rows drop
// to nothing and go too, never leaving a week half counted.
const ROLLUP_TABLES: readonly (readonly [table: string, column: string])[] = [
  ["execution_daily_rollups", "day"],
  ["failure_signature_daily_rollups", "day"],
  ["execution_hourly_rollups", "hour"],
  ["execution_duration_hourly_rollups", "hour"],
  ["execution_duration_daily_rollups", "day"],
  ["execution_duration_weekly_rollups", "week"],
  ["execution_cost_daily_rollups", "day"],
  ["state_daily_rollups", "day"],
  ["state_weekly_rollups", "week"],
  ["state_retry_error_daily_rollups", "day"],
];

// One retention pass at a time across every process (web, workers, CLI).
const RETENTION_LOCK = "stepscope:retention";

/**
 * Applies `policy`: creates the monthly partitions of the months ahead, drops the months every
 * source has expired, all tables at once (see {@link dropExpiredExecutionPartitions}: the fast
 * path, whenever the default policy or every source's expires a whole month), then removes each
 * source's remaining executions that started before its
 * `executionDays` cutoff (their events, state runs and attempts go with them), and its rollup
 * rows older than its `rollupDays` cutoff (rounded down to a Monday). RUNNING executions are
 * never removed, whatever their age. Executions go in batches of `batchSize`, oldest first,
 * each batch its own statement: row locks only, held for one batch, so pages keep reading
 * and collectors keep writing (rows a writer holds are skipped, and taken next pass).
 */
export async function applyRetention(
  pool: pg.Pool,
  policy: RetentionPolicy,
  options: ApplyRetentionOptions = {},
): Promise<RetentionOutcome> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 2_000;
  const client = await pool.connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok",
      [RETENTION_LOCK],
    );
    if (!lock[0]?.ok)
      return { applied: false, partitionsCreated: [], partitionsDropped: [], dropLocks: [], sources: [] };
    try {
      const { rows: sources } = await client.query<{ id: number; name: string }>(
        "SELECT id, name FROM sources ORDER BY id",
      );
      let lap = performance.now();
      const step = (name: "partitions" | "months" | "rows") => {
        options.onStep?.(name, performance.now() - lap);
        lap = performance.now();
      };
      const partitionsCreated = await ensureExecutionPartitions(client, now);
      step("partitions");
      // A month's events go at once when every source (and the default, for sources to come) has expired it.
      const cutoffs = [policy.default, ...sources.map((s) => getSourceRetention(policy, s.name))].map((r) =>
        getRetentionCutoff(r.executionDays, now),
      );
      const monthsDropped: DroppedMonth[] = cutoffs.every((c) => c !== null)
        ? await dropExpiredExecutionPartitions(client, new Date(Math.min(...cutoffs.map((c) => c!.getTime()))))
        : [];
      step("months");
      const outcome: RetentionOutcome["sources"][number][] = [];
      for (const source of sources) {
        const rule = getSourceRetention(policy, source.name);
        const executionCutoff = getRetentionCutoff(rule.executionDays, now);
        const rollupCutoff = getRetentionCutoff(rule.rollupDays, now);
        let executionsRemoved = monthsDropped.reduce((n, m) => n + (m.executionsBySource.get(source.id) ?? 0), 0);
        let runningKept = 0;
        if (executionCutoff) {
          for (;;) {
            const removed = await removeExecutionBatch(client, source.id, executionCutoff, batchSize);
            executionsRemoved += removed;
            if (removed > 0) options.onBatch?.(source.name, removed);
            if (removed < batchSize) break;
          }
          const { rows } = await client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM executions WHERE source_id = $1 AND start_date < $2 AND status = 'RUNNING'",
            [source.id, executionCutoff],
          );
          runningKept = rows[0]?.n ?? 0;
        }
        const rollupRowsRemoved = rollupCutoff ? await removeRollups(client, source.id, rollupCutoff) : 0;
        outcome.push({ name: source.name, executionsRemoved, runningKept, rollupRowsRemoved });
      }
      step("rows");
      const partitionsDropped = monthsDropped.map((m) => m.name);
      const dropLocks = monthsDropped.map(({ lockedMs, detachMs, dropMs }) => ({ lockedMs, detachMs, dropMs }));
      return { applied: true, partitionsCreated, partitionsDropped, dropLocks, sources: outcome };
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [RETENTION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Removes up to `limit` ended executions of a source started before `cutoff`; returns how many. */
async function removeExecutionBatch(
  client: pg.PoolClient,
  sourceId: number,
  cutoff: Date,
  limit: number,
): Promise<number> {
  // SKIP LOCKED: an execution a collector is writing right now is left for the next pass.
  const result = await client.query(
    // The trigger executions_remove_rows removes their events, state runs, attempts, payload numbers and map runs.
    `WITH doomed AS (
       SELECT id, start_date FROM executions
        WHERE source_id = $1 AND start_date < $2 AND status <> 'RUNNING'
        ORDER BY start_date LIMIT $3 FOR UPDATE SKIP LOCKED)
     DELETE FROM executions e USING doomed WHERE e.id = doomed.id AND e.start_date = doomed.start_date`,
    [sourceId, cutoff, limit],
  );
  return result.rowCount ?? 0;
}

/** Removes a source's rollup rows of the weeks wholly before `cutoff`; returns how many. */
async function removeRollups(client: pg.PoolClient, sourceId: number, cutoff: Date): Promise<number> {
  let removed = 0;
  for (const [table, column] of ROLLUP_TABLES) {
    // Weeks start on a UTC Monday, as the weekly rollups' `date_trunc('week', day)` does.
    const monday = "date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC')";
    const bound = column === "hour" ? `${monday} AT TIME ZONE 'UTC'` : `${monday}::date`;
    const result = await client.query(`DELETE FROM ${table} WHERE source_id = $1 AND "${column}" < ${bound}`, [
      sourceId,
      cutoff,
    ]);
    removed += result.rowCount ?? 0;
  }
  return removed;
}
