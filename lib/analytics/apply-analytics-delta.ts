import type pg from "pg";
import { billedDurationMs, billedMemoryMb, estimateExpressMemoryMb } from "@/lib/cost/estimate-express";
import { getDurationBucket } from "./duration-bucket";
import { FAILURE_STATUSES, getFailureSignature } from "./failure-signature";

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
  readonly failure_signature: string | null;
  readonly state_machine_arn: string;
  readonly root_cause_state: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly definition_bytes: number;
  readonly data_bytes: number;
  readonly map_parallel_steps: number;
}

// Reads one execution and its own state runs only: never the events table.
const FACTS = `
SELECT e.id::text,
       to_char(e.start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       to_char(date_trunc('hour', e.start_date AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"') AS hour,
       e.start_date, e.state_machine_id, e.source_id, e.status::text AS status, e.duration_ms::text, e.billable_transitions,
       e.failure_signature, m.arn AS state_machine_arn, e.root_cause_state,
       COALESCE(e.root_cause_error, e.error) AS error, COALESCE(e.root_cause_cause, e.cause) AS cause,
       COALESCE((SELECT octet_length(d.definition) FROM state_machine_definitions d WHERE d.id = e.definition_id), 0) AS definition_bytes,
       GREATEST(octet_length(COALESCE(e.input, '')), octet_length(COALESCE(e.output, ''))) AS data_bytes,
       (SELECT count(*)::int FROM state_runs r WHERE r.execution_id = e.id AND r.state_type IN ('Map', 'Parallel')) AS map_parallel_steps
  FROM executions e JOIN state_machines m ON m.id = e.state_machine_id WHERE e.id = $1`;

const add = (table: string, key: string, cols: readonly string[]) =>
  `ON CONFLICT (${key}) DO UPDATE SET ${cols.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(", ")}`;

const STATUS_COLS = ["running", "succeeded", "failed", "timed_out", "aborted", "pending_redrive"] as const;

const HOURLY = `
INSERT INTO execution_hourly_rollups AS t (hour, state_machine_id, source_id, total, ${STATUS_COLS.join(", ")})
VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9, $10)
${add("t", "hour, state_machine_id, source_id", ["total", ...STATUS_COLS])}`;

const DURATION = `
INSERT INTO execution_duration_hourly_rollups AS t (hour, state_machine_id, source_id, bucket, count)
VALUES ($1::timestamptz, $2, $3, $4, $5) ${add("t", "hour, state_machine_id, source_id, bucket", ["count"])}`;

const DURATION_DAILY = `
INSERT INTO execution_duration_daily_rollups AS t (day, state_machine_id, source_id, bucket, count)
VALUES ($1::date, $2, $3, $4, $5) ${add("t", "day, state_machine_id, source_id, bucket", ["count"])}`;

const COST = `
INSERT INTO execution_cost_daily_rollups AS t (day, state_machine_id, source_id, executions, billable_transitions, billed_duration_ms, billed_mb_ms)
VALUES ($1::date, $2, $3, $4, $5, $6, $7)
${add("t", "day, state_machine_id, source_id", ["executions", "billable_transitions", "billed_duration_ms", "billed_mb_ms"])}`;

const STATES = `
INSERT INTO state_daily_rollups AS t (day, state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted)
SELECT $2::date, $3, $4, r.name, $5 * count(*), $5 * (count(*) + sum(r.retry_count)),
       $5 * sum((SELECT count(*) FROM attempts a WHERE a.state_run_id = r.id)), $5 * sum(r.retry_count),
       $5 * count(*) FILTER (WHERE r.retry_count > 0),
       $5 * count(*) FILTER (WHERE r.retry_count > 0 AND r.status = 'SUCCEEDED'),
       $5 * count(*) FILTER (WHERE r.retry_count > 0 AND r.status IN ('FAILED', 'CAUGHT', 'TIMED_OUT'))
  FROM state_runs r WHERE r.execution_id = $1 GROUP BY r.name
${add("t", "day, state_machine_id, source_id, state_name", ["runs", "transitions", "attempts", "retries", "retried_runs", "retried_succeeded", "retries_exhausted"])}`;

// An attempt was retried when a later attempt of the same run exists.
const RETRY_ERRORS = `
INSERT INTO state_retry_error_daily_rollups AS t (day, state_machine_id, source_id, state_name, error, count)
SELECT $2::date, $3, $4, r.name, COALESCE(a.error, 'unknown'), $5 * count(*)
  FROM state_runs r JOIN attempts a ON a.state_run_id = r.id
 WHERE r.execution_id = $1 AND r.retry_count > 0 AND a.index < (SELECT max(b.index) FROM attempts b WHERE b.state_run_id = r.id)
 GROUP BY r.name, COALESCE(a.error, 'unknown')
${add("t", "day, state_machine_id, source_id, state_name, error", ["count"])}`;

const FAILURE_ADD = `
INSERT INTO failure_signature_daily_rollups AS t (day, signature, source_id, state_machine_id, count, first_seen_at, last_seen_at, newest_execution_id)
VALUES ($1::date, $2, $3, $4, 1, $5, $5, $6)
ON CONFLICT (day, signature, source_id) DO UPDATE SET count = t.count + 1,
  first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
  newest_execution_id = CASE WHEN EXCLUDED.last_seen_at >= t.last_seen_at THEN EXCLUDED.newest_execution_id ELSE t.newest_execution_id END,
  last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at)`;

/**
 * Adds (`sign` 1) or removes (`sign` -1) one stored execution's share of the analytics
 * rollups (hourly status counts and duration histogram, daily cost inputs, per-state
 * transitions and retries, retried errors, failure groups), inside the caller's
 * transaction. Call with -1 before the execution row and its state runs change, and with
 * 1 after; on 1 it also sets `executions.failure_signature`. Reads the execution's own
 * rows only, never history events. First/last seen of a failure group only widen.
 */
export async function applyAnalyticsDelta(client: pg.ClientBase, executionId: string, sign: 1 | -1): Promise<void> {
  const { rows } = await client.query<ExecutionFacts>(FACTS, [executionId]);
  const e = rows[0];
  if (!e) return;
  const keys = [e.state_machine_id, e.source_id] as const;
  const counts = STATUS_COLS.map((c) => (c === e.status.toLowerCase() ? sign : 0));
  await client.query(HOURLY, [e.hour, ...keys, sign, ...counts]);

  const durationMs = e.duration_ms === null ? null : Number(e.duration_ms);
  let billedMs = 0;
  let billedMbMs = 0;
  if (durationMs !== null) {
    const bucket = getDurationBucket(durationMs);
    await client.query(DURATION, [e.hour, ...keys, bucket, sign]);
    await client.query(DURATION_DAILY, [e.day, ...keys, bucket, sign]);
    billedMs = billedDurationMs(durationMs);
    const mb = billedMemoryMb(
      estimateExpressMemoryMb({ definitionBytes: e.definition_bytes, dataBytes: e.data_bytes, mapOrParallelSteps: e.map_parallel_steps }),
    );
    billedMbMs = billedMs * mb;
  }
  await client.query(COST, [e.day, ...keys, sign, sign * e.billable_transitions, sign * billedMs, sign * billedMbMs]);
  await client.query(STATES, [executionId, e.day, ...keys, sign]);
  await client.query(RETRY_ERRORS, [executionId, e.day, ...keys, sign]);

  if (sign === -1) {
    if (e.failure_signature !== null) {
      await client.query(
        "UPDATE failure_signature_daily_rollups SET count = count - 1 WHERE day = $1::date AND signature = $2 AND source_id = $3",
        [e.day, e.failure_signature, e.source_id],
      );
    }
    return;
  }
  let signature: string | null = null;
  if (FAILURE_STATUSES.has(e.status)) {
    const found = getFailureSignature({ stateMachine: e.state_machine_arn, rootCauseState: e.root_cause_state, error: e.error, cause: e.cause });
    signature = found.signature;
    await client.query(
      `INSERT INTO failure_signatures (signature, state_machine_id, root_cause_state, error, normalized_cause)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (signature) DO NOTHING`,
      [signature, e.state_machine_id, e.root_cause_state, e.error, found.normalizedCause],
    );
    await client.query(FAILURE_ADD, [e.day, signature, e.source_id, e.state_machine_id, e.start_date, executionId]);
  }
  if (signature !== e.failure_signature) {
    await client.query("UPDATE executions SET failure_signature = $2 WHERE id = $1", [executionId, signature]);
  }
}
