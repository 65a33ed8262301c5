/*
 * The statements that write the rollups (see applyRollupDelta): the facts read per
 * execution, and one statement per rollup table taking its rows as JSON, in key order.
 */

export interface ExecutionFacts {
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
export const FACTS = `
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

export const STATUS_COLS = ["running", "succeeded", "failed", "timed_out", "aborted", "pending_redrive"] as const;

// The overview's rollup per UTC day, state machine and source. `duration_ms_max` only grows
// (the longest seen that day): a removed execution leaves it as it was.
export const DAILY = `
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
export const HOURLY = `
INSERT INTO execution_hourly_rollups AS t (hour, state_machine_id, source_id, total, ${STATUS_COLS.join(", ")})
SELECT r.k1::timestamptz, r.sm, r.src, r.total, ${STATUS_COLS.map((c) => `r.${c}`).join(", ")}
  FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, total int, ${STATUS_COLS.map((c) => `${c} int`).join(", ")})
 ORDER BY 1, 2, 3
${add("t", "hour, state_machine_id, source_id", ["total", ...STATUS_COLS])}`;

export const DURATION = `
INSERT INTO execution_duration_hourly_rollups AS t (hour, state_machine_id, source_id, bucket, count)
SELECT r.k1::timestamptz, r.sm, r.src, r.bucket, r.n FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, bucket int, n int)
 ORDER BY 1, 2, 3, 4
${add("t", "hour, state_machine_id, source_id, bucket", ["count"])}`;

export const DURATION_DAILY = `
INSERT INTO execution_duration_daily_rollups AS t (day, state_machine_id, source_id, bucket, count)
SELECT r.k1::date, r.sm, r.src, r.bucket, r.n FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, bucket int, n int)
 ORDER BY 1, 2, 3, 4
${add("t", "day, state_machine_id, source_id, bucket", ["count"])}`;

export const COST = `
INSERT INTO execution_cost_daily_rollups AS t (day, state_machine_id, source_id, executions, billable_transitions, billed_duration_ms, billed_mb_ms)
SELECT r.k1::date, r.sm, r.src, r.n, r.transitions, r.billed_ms, r.billed_mb_ms
  FROM json_to_recordset($1::json) AS r(k1 text, sm int, src int, n int, transitions bigint, billed_ms bigint, billed_mb_ms bigint)
 ORDER BY 1, 2, 3
${add("t", "day, state_machine_id, source_id", ["executions", "billable_transitions", "billed_duration_ms", "billed_mb_ms"])}`;

export const STATES = `
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
export const RETRY_ERRORS = `
INSERT INTO state_retry_error_daily_rollups AS t (day, state_machine_id, source_id, state_name, error, count)
SELECT (e.start_date AT TIME ZONE 'UTC')::date, e.state_machine_id, e.source_id, r.name, COALESCE(a.error, 'unknown'), $2 * count(*)
  FROM state_runs r JOIN executions e ON e.id = r.execution_id JOIN attempts a ON a.state_run_id = r.id
 WHERE r.execution_id = ANY($1::bigint[]) AND r.retry_count > 0 AND a.index < (SELECT max(b.index) FROM attempts b WHERE b.state_run_id = r.id)
 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
${add("t", "day, state_machine_id, source_id, state_name, error", ["count"])}`;

export const FAILURE_ADD = `
INSERT INTO failure_signature_daily_rollups AS t (day, signature, source_id, state_machine_id, count, first_seen_at, last_seen_at, newest_execution_id)
SELECT r.k1::date, r.signature, r.src, r.sm, r.n, r.first_seen::timestamptz, r.last_seen::timestamptz, r.newest::bigint
  FROM json_to_recordset($1::json) AS r(k1 text, signature text, src int, sm int, n int, first_seen text, last_seen text, newest text)
 ORDER BY 1, 2, 3
ON CONFLICT (day, signature, source_id) DO UPDATE SET count = t.count + EXCLUDED.count,
  first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
  newest_execution_id = CASE WHEN EXCLUDED.last_seen_at >= t.last_seen_at THEN EXCLUDED.newest_execution_id ELSE t.newest_execution_id END,
  last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at)`;

export const FAILURE_REMOVE = `
UPDATE failure_signature_daily_rollups t SET count = t.count - r.n
  FROM (SELECT * FROM json_to_recordset($1::json) AS r(k1 text, signature text, src int, n int) ORDER BY 1, 2, 3) r
 WHERE t.day = r.k1::date AND t.signature = r.signature AND t.source_id = r.src`;

export const SIGNATURES = `
INSERT INTO failure_signatures (signature, state_machine_id, root_cause_state, error, normalized_cause)
SELECT r.signature, r.sm, r.state, r.error, r.cause FROM json_to_recordset($1::json) AS r(signature text, sm int, state text, error text, cause text)
 ORDER BY 1 ON CONFLICT (signature) DO NOTHING`;

export const SET_SIGNATURES = `
UPDATE executions e SET failure_signature = r.signature
  FROM json_to_recordset($1::json) AS r(id text, signature text) WHERE e.id = r.id::bigint`;
