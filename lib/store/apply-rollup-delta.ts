import type pg from "pg";
import { billedDurationMs, billedMemoryMb, estimateExpressMemoryMb } from "@/lib/cost/estimate-express";
import { getDurationBucket } from "@/lib/analytics/duration-bucket";
import { FAILURE_STATUSES, getFailureSignature } from "@/lib/analytics/failure-signature";

interface ExecutionFacts {
  readonly id: string;
  readonly day: string;
  readonly hour: string;
  readonly start_date: Date;
  readonly state_machine_id: number;
  readonly source_id: number;
  readonly status: string;
  readonly duration_ms: string | null;
  readonly billable_transitions: number;
  readonly retries: number;
  readonly failure_signature: string | null;
  readonly state_machine_arn: string;
  readonly root_cause_state: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly definition_bytes: number;
  readonly data_bytes: number;
  readonly map_parallel_steps: number;
}

// Reads the executions and their own state runs only: never the events table.
const FACTS = `
SELECT e.id::text,
       to_char(e.start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       to_char(date_trunc('hour', e.start_date AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"') AS hour,
       e.start_date, e.state_machine_id, e.source_id, e.status::text AS status, e.duration_ms::text, e.billable_transitions, e.retries,
       e.failure_signature, m.arn AS state_machine_arn, e.root_cause_state,
       COALESCE(e.root_cause_error, e.error) AS error, COALESCE(e.root_cause_cause, e.cause) AS cause,
       COALESCE((SELECT octet_length(d.definition) FROM state_machine_definitions d WHERE d.id = e.definition_id), 0) AS definition_bytes,
       GREATEST(octet_length(COALESCE(e.input, '')), octet_length(COALESCE(e.output, ''))) AS data_bytes,
       (SELECT count(*)::int FROM state_runs r WHERE r.execution_id = e.id AND r.state_type IN ('Map', 'Parallel')) AS map_parallel_steps
  FROM executions e JOIN state_machines m ON m.id = e.state_machine_id WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`;

const add = (table: string, key: string, cols: readonly string[]) =>
  `ON CONFLICT (${key}) DO UPDATE SET ${cols.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(", ")}`;

const STATUS_COLS = ["running", "succeeded", "failed", "timed_out", "aborted", "pending_redrive"] as const;

// The overview's rollup per UTC day, state machine and source. `duration_ms_max` only grows
// (the longest seen that day): a removed execution leaves it as it was.
const DAILY = `
INSERT INTO execution_daily_rollups AS t (day, state_machine_id, source_id, total, ${STATUS_COLS.join(", ")},
  billable_transitions, retries, duration_ms_sum, duration_ms_max, duration_count)
SELECT r.k1::date, r.sm, r.src, r.total, ${STATUS_COLS.map((c) => `r.${c}`).join(", ")},
       r.billable_transitions, r.retries, r.duration_ms_sum, r.duration_ms_max, r.duration_count
  FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, total int, ${STATUS_COLS.map((c) => `${c} int`).join(", ")},
       billable_transitions bigint, retries bigint, duration_ms_sum bigint, duration_ms_max bigint, duration_count int)
 ORDER BY 1, 2, 3
ON CONFLICT (day, state_machine_id, source_id) DO UPDATE SET
  ${["total", ...STATUS_COLS, "billable_transitions", "retries", "duration_ms_sum", "duration_count"].map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(", ")},
  duration_ms_max = GREATEST(t.duration_ms_max, EXCLUDED.duration_ms_max)`;

// Each statement below writes many keys at once: rows are aggregated per key first (an
// upsert may not touch one row twice) and inserted in key order, so concurrent writers
// lock shared rollup rows in the same order and do not deadlock.
const HOURLY = `
INSERT INTO execution_hourly_rollups AS t (hour, state_machine_id, source_id, total, ${STATUS_COLS.join(", ")})
SELECT r.k1::timestamptz, r.sm, r.src, r.total, ${STATUS_COLS.map((c) => `r.${c}`).join(", ")}
  FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, total int, ${STATUS_COLS.map((c) => `${c} int`).join(", ")})
 ORDER BY 1, 2, 3
${add("t", "hour, state_machine_id, source_id", ["total", ...STATUS_COLS])}`;

const DURATION = `
INSERT INTO execution_duration_hourly_rollups AS t (hour, state_machine_id, source_id, bucket, count)
SELECT r.k1::timestamptz, r.sm, r.src, r.bucket, r.n FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, bucket int, n int)
 ORDER BY 1, 2, 3, 4
${add("t", "hour, state_machine_id, source_id, bucket", ["count"])}`;

const DURATION_DAILY = `
INSERT INTO execution_duration_daily_rollups AS t (day, state_machine_id, source_id, bucket, count)
SELECT r.k1::date, r.sm, r.src, r.bucket, r.n FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, bucket int, n int)
 ORDER BY 1, 2, 3, 4
${add("t", "day, state_machine_id, source_id, bucket", ["count"])}`;

const COST = `
INSERT INTO execution_cost_daily_rollups AS t (day, state_machine_id, source_id, executions, billable_transitions, billed_duration_ms, billed_mb_ms)
SELECT r.k1::date, r.sm, r.src, r.n, r.transitions, r.billed_ms, r.billed_mb_ms
  FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, n int, transitions bigint, billed_ms bigint, billed_mb_ms bigint)
 ORDER BY 1, 2, 3
${add("t", "day, state_machine_id, source_id", ["executions", "billable_transitions", "billed_duration_ms", "billed_mb_ms"])}`;

const STATES = `
INSERT INTO state_daily_rollups AS t (day, state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted)
SELECT (e.start_date AT TIME ZONE 'UTC')::date, e.state_machine_id, e.source_id, r.name, $2 * count(*), $2 * (count(*) + sum(r.retry_count)),
       $2 * sum((SELECT count(*) FROM attempts a WHERE a.state_run_id = r.id)), $2 * sum(r.retry_count),
       $2 * count(*) FILTER (WHERE r.retry_count > 0),
       $2 * count(*) FILTER (WHERE r.retry_count > 0 AND r.status = 'SUCCEEDED'),
       $2 * count(*) FILTER (WHERE r.retry_count > 0 AND r.status IN ('FAILED', 'CAUGHT', 'TIMED_OUT'))
  FROM state_runs r JOIN executions e ON e.id = r.execution_id WHERE r.execution_id = ANY($1::bigint[])
 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
${add("t", "day, state_machine_id, source_id, state_name", ["runs", "transitions", "attempts", "retries", "retried_runs", "retried_succeeded", "retries_exhausted"])}`;

// An attempt was retried when a later attempt of the same run exists.
const RETRY_ERRORS = `
INSERT INTO state_retry_error_daily_rollups AS t (day, state_machine_id, source_id, state_name, error, count)
SELECT (e.start_date AT TIME ZONE 'UTC')::date, e.state_machine_id, e.source_id, r.name, COALESCE(a.error, 'unknown'), $2 * count(*)
  FROM state_runs r JOIN executions e ON e.id = r.execution_id JOIN attempts a ON a.state_run_id = r.id
 WHERE r.execution_id = ANY($1::bigint[]) AND r.retry_count > 0 AND a.index < (SELECT max(b.index) FROM attempts b WHERE b.state_run_id = r.id)
 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
${add("t", "day, state_machine_id, source_id, state_name, error", ["count"])}`;

const FAILURE_ADD = `
INSERT INTO failure_signature_daily_rollups AS t (day, signature, source_id, state_machine_id, count, first_seen_at, last_seen_at, newest_execution_id)
SELECT r.k1::date, r.signature, r.src, r.sm, r.n, r.first_seen::timestamptz, r.last_seen::timestamptz, r.newest::bigint
  FROM json_to_recordset($1::json) AS r(k1 text, signature text, src int, sm int, n int, first_seen text, last_seen text, newest text)
 ORDER BY 1, 2, 3
ON CONFLICT (day, signature, source_id) DO UPDATE SET count = t.count + EXCLUDED.count,
  first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
  newest_execution_id = CASE WHEN EXCLUDED.last_seen_at >= t.last_seen_at THEN EXCLUDED.newest_execution_id ELSE t.newest_execution_id END,
  last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at)`;

const FAILURE_REMOVE = `
UPDATE failure_signature_daily_rollups t SET count = t.count - r.n
  FROM (SELECT * FROM json_to_recordset($1::json) AS r(k1 text, signature text, src int, n int) ORDER BY 1, 2, 3) r
 WHERE t.day = r.k1::date AND t.signature = r.signature AND t.source_id = r.src`;

const SIGNATURES = `
INSERT INTO failure_signatures (signature, state_machine_id, root_cause_state, error, normalized_cause)
SELECT r.signature, r.sm, r.state, r.error, r.cause FROM json_to_recordset($1::json) AS r(signature text, sm int, state text, error text, cause text)
 ORDER BY 1 ON CONFLICT (signature) DO NOTHING`;

const SET_SIGNATURES = `
UPDATE executions e SET failure_signature = r.signature
  FROM json_to_recordset($1::json) AS r(id text, signature text) WHERE e.id = r.id::bigint`;

/** Sums of rows by key, in key order. */
class Totals<R extends Record<string, number>> {
  private readonly rows = new Map<string, { key: Record<string, string | number>; sums: R }>();
  add(key: Record<string, string | number>, sums: R): void {
    const id = Object.values(key).join("|");
    const row = this.rows.get(id);
    if (!row) this.rows.set(id, { key, sums: { ...sums } });
    else for (const [k, v] of Object.entries(sums)) (row.sums as Record<string, number>)[k] = (row.sums[k] ?? 0) + v;
  }
  get size(): number {
    return this.rows.size;
  }
  entries(): Record<string, string | number>[] {
    return [...this.rows.values()].map(({ key, sums }) => ({ ...key, ...sums }));
  }
  json(): string {
    return JSON.stringify(this.entries());
  }
}

/** Which rollups {@link applyRollupDelta} writes. */
export interface RollupDeltaOptions {
  /**
   * `all` (default): the overview's daily rollup and the analytics rollups. `analytics`:
   * the analytics rollups only, for executions already counted in the daily rollup when
   * they were stored (the analytics backfill), or whose daily share does not change (a
   * re-signed failure).
   */
  readonly scope?: "all" | "analytics";
}

/**
 * Adds (`sign` 1) or removes (`sign` -1) stored executions' shares of every rollup: the
 * overview's daily rollup (status counts, transitions, retries, durations), and the
 * analytics rollups (hourly status counts and duration histogram, daily cost inputs,
 * per-state transitions and retries, retried errors, failure groups), inside the
 * caller's transaction. Call with -1 before the execution rows and their state runs
 * change, and with 1 after; on 1 it also sets `executions.failure_signature`. Reads the
 * executions' own rows only, never history events. First/last seen of a failure group
 * and the daily longest duration only widen. Shares are summed per rollup key and each
 * table is written by one statement, keys in ascending order (so concurrent batches take
 * the shared rows' locks in one order). The ids must be distinct.
 */
export async function applyRollupDelta(
  client: pg.ClientBase,
  executionIds: readonly string[],
  sign: 1 | -1,
  options: RollupDeltaOptions = {},
): Promise<void> {
  if (executionIds.length === 0) return;
  const { rows } = await client.query<ExecutionFacts>(FACTS, [executionIds]);
  if (rows.length === 0) return;
  const daily = new Totals<Record<string, number>>();
  const longest = new Map<string, number>();
  const hourly = new Totals<Record<string, number>>();
  const duration = new Totals<{ n: number }>();
  const durationDaily = new Totals<{ n: number }>();
  const cost = new Totals<{ n: number; transitions: number; billed_ms: number; billed_mb_ms: number }>();
  const failuresRemoved = new Totals<{ n: number }>();
  const failures = new Map<
    string,
    {
      k1: string;
      signature: string;
      src: number;
      sm: number;
      n: number;
      first_seen: Date;
      last_seen: Date;
      newest: string;
    }
  >();
  const signatures = new Map<
    string,
    { signature: string; sm: number; state: string | null; error: string | null; cause: string }
  >();
  const changedSignatures: { id: string; signature: string | null }[] = [];

  for (const e of rows) {
    const keys = { sm: e.state_machine_id, src: e.source_id };
    const counts = Object.fromEntries(STATUS_COLS.map((c) => [c, c === e.status.toLowerCase() ? sign : 0]));
    hourly.add({ k1: e.hour, ...keys }, { total: sign, ...counts });
    const durationMs = e.duration_ms === null ? null : Number(e.duration_ms);
    const dayId = `${e.day}|${e.state_machine_id}|${e.source_id}`;
    daily.add(
      { k1: e.day, ...keys },
      {
        total: sign,
        ...counts,
        billable_transitions: sign * e.billable_transitions,
        retries: sign * e.retries,
        duration_ms_sum: durationMs === null ? 0 : sign * durationMs,
        duration_ms_max: 0,
        duration_count: durationMs === null ? 0 : sign,
      },
    );
    if (durationMs !== null && sign === 1) longest.set(dayId, Math.max(longest.get(dayId) ?? 0, durationMs));
    let billedMs = 0;
    let billedMbMs = 0;
    if (durationMs !== null) {
      const bucket = getDurationBucket(durationMs);
      duration.add({ k1: e.hour, ...keys, bucket }, { n: sign });
      durationDaily.add({ k1: e.day, ...keys, bucket }, { n: sign });
      billedMs = billedDurationMs(durationMs);
      const mb = billedMemoryMb(
        estimateExpressMemoryMb({
          definitionBytes: e.definition_bytes,
          dataBytes: e.data_bytes,
          mapOrParallelSteps: e.map_parallel_steps,
        }),
      );
      billedMbMs = billedMs * mb;
    }
    cost.add(
      { k1: e.day, ...keys },
      {
        n: sign,
        transitions: sign * e.billable_transitions,
        billed_ms: sign * billedMs,
        billed_mb_ms: sign * billedMbMs,
      },
    );

    if (sign === -1) {
      if (e.failure_signature !== null)
        failuresRemoved.add({ k1: e.day, signature: e.failure_signature, src: e.source_id }, { n: 1 });
      continue;
    }
    let signature: string | null = null;
    if (FAILURE_STATUSES.has(e.status)) {
      const found = getFailureSignature({
        stateMachine: e.state_machine_arn,
        rootCauseState: e.root_cause_state,
        error: e.error,
        cause: e.cause,
      });
      signature = found.signature;
      if (!signatures.has(signature)) {
        signatures.set(signature, {
          signature,
          sm: e.state_machine_id,
          state: e.root_cause_state,
          error: e.error,
          cause: found.normalizedCause,
        });
      }
      const id = `${e.day}|${signature}|${e.source_id}`;
      const group = failures.get(id);
      if (!group) {
        failures.set(id, {
          k1: e.day,
          signature,
          src: e.source_id,
          sm: e.state_machine_id,
          n: 1,
          first_seen: e.start_date,
          last_seen: e.start_date,
          newest: e.id,
        });
      } else {
        group.n += 1;
        if (e.start_date < group.first_seen) group.first_seen = e.start_date;
        if (e.start_date >= group.last_seen) Object.assign(group, { last_seen: e.start_date, newest: e.id });
      }
    }
    if (signature !== e.failure_signature) changedSignatures.push({ id: e.id, signature });
  }

  if (options.scope !== "analytics") {
    const rows = daily.entries().map((row) => {
      const id = `${row["k1"]}|${row["sm"]}|${row["src"]}`;
      return { ...row, duration_ms_max: longest.get(id) ?? 0 };
    });
    await client.query(DAILY, [JSON.stringify(rows)]);
  }
  await client.query(HOURLY, [hourly.json()]);
  if (duration.size > 0) {
    await client.query(DURATION, [duration.json()]);
    await client.query(DURATION_DAILY, [durationDaily.json()]);
  }
  await client.query(COST, [cost.json()]);
  const ids = rows.map((e) => e.id);
  await client.query(STATES, [ids, sign]);
  await client.query(RETRY_ERRORS, [ids, sign]);
  if (failuresRemoved.size > 0) await client.query(FAILURE_REMOVE, [failuresRemoved.json()]);
  if (signatures.size > 0) await client.query(SIGNATURES, [JSON.stringify([...signatures.values()])]);
  if (failures.size > 0) await client.query(FAILURE_ADD, [JSON.stringify([...failures.values()])]);
  if (changedSignatures.length > 0) await client.query(SET_SIGNATURES, [JSON.stringify(changedSignatures)]);
}
