import type pg from "pg";

/** What one execution adds to its day's rollup row. */
export interface RollupContribution {
  /** UTC day of the execution's `startDate`, `YYYY-MM-DD`. */
  readonly day: string;
  readonly stateMachineId: number;
  readonly sourceId: number;
  readonly status: string;
  readonly billableTransitions: number;
  readonly retries: number;
  /** Null while running. */
  readonly durationMs: number | null;
}

const STATUS_COLUMNS: Readonly<Record<string, string>> = {
  RUNNING: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  TIMED_OUT: "timed_out",
  ABORTED: "aborted",
  PENDING_REDRIVE: "pending_redrive",
};

const UPSERT = `
INSERT INTO execution_daily_rollups AS r (day, state_machine_id, source_id, total, running, succeeded, failed, timed_out,
  aborted, pending_redrive, billable_transitions, retries, duration_ms_sum, duration_ms_max, duration_count)
VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (day, state_machine_id) DO UPDATE SET
  total = r.total + EXCLUDED.total,
  running = r.running + EXCLUDED.running,
  succeeded = r.succeeded + EXCLUDED.succeeded,
  failed = r.failed + EXCLUDED.failed,
  timed_out = r.timed_out + EXCLUDED.timed_out,
  aborted = r.aborted + EXCLUDED.aborted,
  pending_redrive = r.pending_redrive + EXCLUDED.pending_redrive,
  billable_transitions = r.billable_transitions + EXCLUDED.billable_transitions,
  retries = r.retries + EXCLUDED.retries,
  duration_ms_sum = r.duration_ms_sum + EXCLUDED.duration_ms_sum,
  duration_ms_max = GREATEST(r.duration_ms_max, EXCLUDED.duration_ms_max),
  duration_count = r.duration_count + EXCLUDED.duration_count`;

/**
 * Adds (`sign` 1) or removes (`sign` -1) one execution's contribution to its daily
 * rollup, inside the caller's transaction. A changed execution is removed with its old
 * values, then added with its new ones. `duration_ms_max` only grows (it is the longest
 * seen that day).
 */
export async function applyRollupDelta(
  client: pg.ClientBase,
  contribution: RollupContribution,
  sign: 1 | -1,
): Promise<void> {
  const statusColumn = STATUS_COLUMNS[contribution.status];
  const counts = ["running", "succeeded", "failed", "timed_out", "aborted", "pending_redrive"].map((column) =>
    column === statusColumn ? sign : 0,
  );
  const ended = contribution.durationMs !== null;
  await client.query(UPSERT, [
    contribution.day,
    contribution.stateMachineId,
    contribution.sourceId,
    sign,
    ...counts,
    sign * contribution.billableTransitions,
    sign * contribution.retries,
    ended ? sign * (contribution.durationMs ?? 0) : 0,
    ended && sign === 1 ? contribution.durationMs : 0,
    ended ? sign : 0,
  ]);
}

const UPSERT_MANY = `
INSERT INTO execution_daily_rollups AS r (day, state_machine_id, source_id, total, running, succeeded, failed, timed_out,
  aborted, pending_redrive, billable_transitions, retries, duration_ms_sum, duration_ms_max, duration_count)
SELECT x.day, x.sm, x.src, x.total, x.running, x.succeeded, x.failed, x.timed_out, x.aborted, x.pending_redrive,
       x.billable_transitions, x.retries, x.duration_ms_sum, x.duration_ms_max, x.duration_count
  FROM json_to_recordset($1::json) AS x(day date, sm int, src int, total int, running int, succeeded int, failed int, timed_out int,
       aborted int, pending_redrive int, billable_transitions bigint, retries bigint, duration_ms_sum bigint, duration_ms_max bigint, duration_count int)
 ORDER BY x.day, x.sm
${UPSERT.slice(UPSERT.indexOf("ON CONFLICT"))}`;

/**
 * {@link applyRollupDelta} for many contributions at once: summed per (day, state machine)
 * and written by one statement in key order, so concurrent writers lock the shared rows
 * in the same order.
 */
export async function applyRollupDeltas(
  client: pg.ClientBase,
  deltas: readonly { readonly contribution: RollupContribution; readonly sign: 1 | -1 }[],
): Promise<void> {
  const rows = new Map<string, Record<string, number | string>>();
  for (const { contribution: c, sign } of deltas) {
    const key = `${c.day}|${c.stateMachineId}`;
    const row = rows.get(key) ?? { day: c.day, sm: c.stateMachineId, src: c.sourceId, total: 0, running: 0, succeeded: 0, failed: 0, timed_out: 0,
      aborted: 0, pending_redrive: 0, billable_transitions: 0, retries: 0, duration_ms_sum: 0, duration_ms_max: 0, duration_count: 0 };
    const add = (column: string, value: number): void => {
      row[column] = (row[column] as number) + value;
    };
    add("total", sign);
    const statusColumn = STATUS_COLUMNS[c.status];
    if (statusColumn) add(statusColumn, sign);
    add("billable_transitions", sign * c.billableTransitions);
    add("retries", sign * c.retries);
    if (c.durationMs !== null) {
      add("duration_ms_sum", sign * c.durationMs);
      add("duration_count", sign);
      if (sign === 1) row["duration_ms_max"] = Math.max(row["duration_ms_max"] as number, c.durationMs);
    }
    rows.set(key, row);
  }
  if (rows.size > 0) await client.query(UPSERT_MANY, [JSON.stringify([...rows.values()])]);
}
