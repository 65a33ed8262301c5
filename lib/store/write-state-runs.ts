import type pg from "pg";
import type { StateRun } from "@/lib/history/types";
import { copyRows, copyText } from "./write-history-events";

// Ids come from the table's own sequence in one round trip, so attempts can name their
// run before either COPY and no `RETURNING … key` has to come back and be matched.
const NEXT_RUN_IDS = "SELECT nextval('state_runs_id_seq'::regclass)::text AS id FROM generate_series(1, $1)";

const COPY_RUNS = `COPY state_runs (id, execution_id, key, name, state_type, scope, parent_key, entered_event_id,
  exited_event_id, entered_at, exited_at, status, input, output, error, cause, retry_count, start_date) FROM STDIN`;

const COPY_ATTEMPTS = `COPY attempts (state_run_id, index, start_event_id, end_event_id, started_at, ended_at, status,
  error, cause, backoff_ms, start_date) FROM STDIN`;

export interface ReplaceStateRunsOptions {
  /** The execution row was inserted by this transaction, so it has no state runs to delete. Default false. */
  readonly executionIsNew?: boolean;
  /** The execution's `start_date` as Postgres text (the partition key of the rows); read from the row when absent. */
  readonly startDate?: string;
}

/**
 * Replaces the execution's state runs and attempts with `runs` (inside the caller's
 * transaction), each row carrying the execution's start date (the partition key). Returns the
 * number of state runs written.
 */
export async function replaceStateRuns(
  client: pg.ClientBase,
  executionId: string,
  runs: readonly StateRun[],
  options: ReplaceStateRunsOptions = {},
): Promise<number> {
  let startDate = options.startDate;
  if (startDate === undefined) {
    const { rows } = await client.query<{ start: string }>(
      "SELECT start_date::text AS start FROM executions WHERE id = $1",
      [executionId],
    );
    startDate = rows[0]?.start;
    if (startDate === undefined) throw new Error(`no execution has id ${executionId}`);
  }
  // The trigger state_runs_remove_attempts removes their attempts.
  if (!options.executionIsNew)
    await client.query("DELETE FROM state_runs WHERE execution_id = $1 AND start_date = $2", [executionId, startDate]);
  if (runs.length === 0) return 0;
  const startText = copyText(startDate);
  const { rows: ids } = await client.query<{ id: string }>(NEXT_RUN_IDS, [runs.length]);
  // COPY (text) skips the per-row JSON parse and executor work of INSERT … SELECT
  // json_to_recordset; the per-row FK and unique checks remain.
  // In chunks of 500 runs, one per turn of the event loop (see copyRows): thousands of runs
  // encoded in one go held the server's thread for over 100 ms.
  const attemptChunks: string[] = [];
  function* runChunks(): Generator<string> {
    for (let start = 0; start < runs.length; start += 500) {
      let runText = "";
      let attemptText = "";
      for (let r = start; r < Math.min(start + 500, runs.length); r += 1) {
        const run = runs[r]!;
        const id = ids[r]!.id;
        runText +=
          `${id}\t${executionId}\t${copyText(run.key)}\t${copyText(run.name)}\t${copyText(run.stateType)}\t` +
          `${copyText(JSON.stringify(run.scope))}\t${copyText(run.parentKey)}\t${run.enteredEventId}\t${copyText(run.exitedEventId)}\t` +
          `${copyText(run.enteredAt)}\t${copyText(run.exitedAt)}\t${copyText(run.status)}\t${copyText(run.input)}\t${copyText(run.output)}\t` +
          `${copyText(run.error)}\t${copyText(run.cause)}\t${run.retryCount}\t${startText}\n`;
        for (const a of run.attempts) {
          attemptText +=
            `${id}\t${a.index}\t${a.startEventId}\t${copyText(a.endEventId)}\t${copyText(a.startedAt)}\t${copyText(a.endedAt)}\t` +
            `${copyText(a.status)}\t${copyText(a.error)}\t${copyText(a.cause)}\t${copyText(a.backoffMs)}\t${startText}\n`;
        }
      }
      if (attemptText) attemptChunks.push(attemptText);
      yield runText;
    }
  }
  await copyRows(client, COPY_RUNS, runChunks());
  if (attemptChunks.length > 0) await copyRows(client, COPY_ATTEMPTS, attemptChunks);
  return runs.length;
}
