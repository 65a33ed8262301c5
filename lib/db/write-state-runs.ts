import type pg from "pg";
import type { StateRun } from "@/lib/history/types";

const INSERT_RUNS = `
INSERT INTO state_runs (execution_id, key, name, state_type, scope, parent_key, entered_event_id, exited_event_id,
                        entered_at, exited_at, status, input, output, error, cause, retry_count)
SELECT $1::bigint, r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::int[], $8::int[],
                                   $9::timestamptz[], $10::timestamptz[], $11::state_run_status[], $12::text[],
                                   $13::text[], $14::text[], $15::text[], $16::int[]) AS r
RETURNING id::text, key`;

const INSERT_ATTEMPTS = `
INSERT INTO attempts (state_run_id, index, start_event_id, end_event_id, started_at, ended_at, status, error, cause, backoff_ms)
SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::timestamptz[], $6::timestamptz[],
                     $7::attempt_status[], $8::text[], $9::text[], $10::int[])`;

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
  const { rows } = await client.query<{ id: string; key: string }>(INSERT_RUNS, [
    executionId,
    runs.map((r) => r.key),
    runs.map((r) => r.name),
    runs.map((r) => r.stateType),
    runs.map((r) => JSON.stringify(r.scope)),
    runs.map((r) => r.parentKey),
    runs.map((r) => r.enteredEventId),
    runs.map((r) => r.exitedEventId),
    runs.map((r) => r.enteredAt),
    runs.map((r) => r.exitedAt),
    runs.map((r) => r.status),
    runs.map((r) => r.input),
    runs.map((r) => r.output),
    runs.map((r) => r.error),
    runs.map((r) => r.cause),
    runs.map((r) => r.retryCount),
  ]);
  const idByKey = new Map(rows.map((row) => [row.key, row.id]));
  const attempts = runs.flatMap((run) => run.attempts.map((attempt) => ({ runId: idByKey.get(run.key), attempt })));
  if (attempts.length > 0) {
    await client.query(INSERT_ATTEMPTS, [
      attempts.map((a) => a.runId),
      attempts.map((a) => a.attempt.index),
      attempts.map((a) => a.attempt.startEventId),
      attempts.map((a) => a.attempt.endEventId),
      attempts.map((a) => a.attempt.startedAt),
      attempts.map((a) => a.attempt.endedAt),
      attempts.map((a) => a.attempt.status),
      attempts.map((a) => a.attempt.error),
      attempts.map((a) => a.attempt.cause),
      attempts.map((a) => a.attempt.backoffMs),
    ]);
  }
  return runs.length;
}
