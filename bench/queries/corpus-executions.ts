import { row } from "./copy-rows";
import { generateExecutions, orderInput, type GeneratedExecution, type Machine } from "./generate-corpus";

const iso = (ms: number) => new Date(ms).toISOString();

/** The `executions` columns of {@link executionLines}, in order. */
export const EXECUTION_COLUMNS = [
  "id",
  "execution_arn",
  "name",
  "state_machine_id",
  "source_id",
  "type",
  "status",
  "start_date",
  "stop_date",
  "duration_ms",
  "input",
  "output",
  "error",
  "cause",
  "root_cause_state",
  "root_cause_error",
  "root_cause_cause",
  "event_count",
  "billable_transitions",
  "retries",
  "history_complete",
  "last_event_id",
  "failure_signature",
  "account_id",
  "region",
];

/** The corpus's executions as COPY lines of {@link EXECUTION_COLUMNS}. */
export function* executionLines(
  count: number,
  now: number,
  machines: readonly Machine[],
  giants: number,
): Generator<string> {
  for (const e of generateExecutions(count, now, machines, giants)) {
    const m = e.machine;
    yield row(
      e.id,
      `arn:aws:states:${m.region}:${m.account}:execution:${m.name}:${e.id.toString(36)}-${(e.startMs % 1e6).toString(36)}`,
      `${e.id.toString(36)}-run`,
      m.id,
      m.sourceId,
      m.type,
      e.status,
      iso(e.startMs),
      e.durationMs === null ? null : iso(e.startMs + e.durationMs),
      e.durationMs,
      orderInput(e.id),
      e.status === "SUCCEEDED" ? `{"ok":true,"orderId":"o-${e.id}"}` : null,
      e.error,
      e.cause,
      e.failedAt === null ? null : m.states[e.failedAt % m.states.length]!,
      e.error,
      e.cause,
      e.eventCount,
      e.billableTransitions,
      [...e.retriesAt.values()].reduce((a, b) => a + b, 0),
      e.status !== "RUNNING",
      e.eventCount,
      e.signature,
      m.account,
      m.region,
    );
  }
}

/** The `state_runs` columns of {@link stateRunLines}, in order. */
export const STATE_RUN_COLUMNS = [
  "execution_id",
  "key",
  "name",
  "state_type",
  "scope",
  "entered_event_id",
  "entered_at",
  "status",
  "start_date",
];

/** One execution's state runs (its Task states in order; the failing one FAILED or TIMED_OUT, a running one's last RUNNING). */
function* stateRunsOf(e: GeneratedExecution): Generator<string> {
  const step = (e.durationMs ?? 60_000) / e.tasks;
  for (let k = 0; k < e.tasks; k++) {
    const last = k === e.tasks - 1;
    const status =
      k === e.failedAt
        ? e.status === "TIMED_OUT"
          ? "TIMED_OUT"
          : "FAILED"
        : last && e.status === "RUNNING"
          ? "RUNNING"
          : "SUCCEEDED";
    const name = e.machine.states[k % e.machine.states.length]!;
    yield row(
      e.id,
      `${k}`,
      name,
      "Task",
      "[]",
      2 + k * 5,
      iso(e.startMs + Math.round(step * k)),
      status,
      iso(e.startMs),
    );
  }
}

/** The corpus's state runs as COPY lines of {@link STATE_RUN_COLUMNS}. */
export function* stateRunLines(
  count: number,
  now: number,
  machines: readonly Machine[],
  giants: number,
): Generator<string> {
  for (const e of generateExecutions(count, now, machines, giants)) yield* stateRunsOf(e);
}
