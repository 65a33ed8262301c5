import type pg from "pg";
import type { StateRun } from "@/lib/history/types";

const INSERT_RUNS = `
INSERT INTO state_runs (execution_id, key, name, state_type, scope, parent_key, entered_event_id, exited_event_id,
                        entered_at, exited_at, status, input, output, error, cause, retry_count)
SELECT $1::bigint, r.key, r.name, r.state_type, r.scope::jsonb, r.parent_key, r.entered_event_id, r.exited_event_id,
       r.entered_at, r.exited_at, r.status::state_run_status, r.input, r.output, r.error, r.cause, r.retry_count
  FROM json_to_recordset($2::json) AS r(key text, name text, state_type text, scope json, parent_key text,
       entered_event_id int, exited_event_id int, entered_at timestamptz, exited_at timestamptz, status text,
       input text, output text, error text, cause text, retry_count int)
RETURNING id::text, key`;

const INSERT_ATTEMPTS = `
INSERT INTO attempts (state_run_id, index, start_event_id, end_event_id, started_at, ended_at, status, error, cause, backoff_ms)
SELECT a.state_run_id, a.index, a.start_event_id, a.end_event_id, a.started_at, a.ended_at,
       a.status::attempt_status, a.error, a.cause, a.backoff_ms
  FROM json_to_recordset($1::json) AS a(state_run_id bigint, index int, start_event_id int, end_event_id int,
       started_at timestamptz, ended_at timestamptz, status text, error text, cause text, backoff_ms int)`;

/**
 * Replaces the execution's state runs and attempts with `runs` (inside the caller's
 * transaction). Returns the number of state runs written.
 */
export async function replaceStateRuns(
  client: pg.ClientBase,
  executionId: string,
  runs: readonly StateRun[],
): Promise<number> {
  await client.query("DELETE FROM state_runs WHERE execution_id = $1", [executionId]);
  if (runs.length === 0) return 0;
  // Rows travel as one JSON document: cheaper than node-pg's per-element array escaping.
  const { rows } = await client.query<{ id: string; key: string }>(INSERT_RUNS, [
    executionId,
    JSON.stringify(
      runs.map((r) => ({
        key: r.key, name: r.name, state_type: r.stateType, scope: r.scope, parent_key: r.parentKey,
        entered_event_id: r.enteredEventId, exited_event_id: r.exitedEventId, entered_at: r.enteredAt,
        exited_at: r.exitedAt, status: r.status, input: r.input, output: r.output, error: r.error, cause: r.cause,
        retry_count: r.retryCount,
      })),
    ),
  ]);
  const idByKey = new Map(rows.map((row) => [row.key, row.id]));
  const attempts = runs.flatMap((run) =>
    run.attempts.map((a) => ({
      state_run_id: idByKey.get(run.key), index: a.index, start_event_id: a.startEventId, end_event_id: a.endEventId,
      started_at: a.startedAt, ended_at: a.endedAt, status: a.status, error: a.error, cause: a.cause, backoff_ms: a.backoffMs,
    })),
  );
  if (attempts.length > 0) await client.query(INSERT_ATTEMPTS, [JSON.stringify(attempts)]);
  return runs.length;
}
