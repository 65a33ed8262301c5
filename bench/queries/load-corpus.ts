import type pg from "pg";
import { copyLines, row } from "./copy-rows";
import {
  billedMbMs,
  buildMachines,
  generateExecutions,
  getDurationBucket,
  type GeneratedExecution,
  type Machine,
} from "./generate-corpus";

const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (ms: number) => iso(ms).slice(0, 10);
const hourOf = (ms: number) => `${iso(ms).slice(0, 13)}:00:00.000Z`;

function* executionLines(count: number, now: number, machines: readonly Machine[], giants: number): Generator<string> {
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
      `{"orderId":"o-${e.id}"}`,
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

const EXECUTION_COLUMNS = [
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

/** The events of one execution in AWS shapes: Lambda Task states, retries as TaskFailed → TaskScheduled → TaskStarted. */
function* eventLines(e: GeneratedExecution): Generator<string> {
  const m = e.machine;
  const step = (e.durationMs ?? 60_000) / e.eventCount;
  let id = 0;
  const ev = (type: string, state: string | null, details: object) => {
    id++;
    return row(e.id, id, id - 1, iso(e.startMs + Math.round(step * (id - 1))), type, state, JSON.stringify(details));
  };
  const lambda = { resourceType: "lambda", resource: "invoke" };
  yield ev("ExecutionStarted", null, {
    executionStartedEventDetails: {
      input: `{"orderId":"o-${e.id}"}`,
      inputDetails: { truncated: false },
      roleArn: `arn:aws:iam::${m.account}:role/sfn-${m.name}`,
    },
  });
  for (let k = 0; k < e.tasks; k++) {
    const name = m.states[k % m.states.length]!;
    const payload = `{"orderId":"o-${e.id}","step":${k}}`;
    yield ev("TaskStateEntered", name, {
      stateEnteredEventDetails: { name, input: payload, inputDetails: { truncated: false } },
    });
    const scheduled = {
      taskScheduledEventDetails: {
        ...lambda,
        region: m.region,
        parameters: `{"FunctionName":"arn:aws:lambda:${m.region}:${m.account}:function:${name}","Payload":${payload}}`,
      },
    };
    yield ev("TaskScheduled", name, scheduled);
    yield ev("TaskStarted", name, { taskStartedEventDetails: lambda });
    for (let t = 0; t < (e.retriesAt.get(k) ?? 0); t++) {
      yield ev("TaskFailed", name, {
        taskFailedEventDetails: { ...lambda, error: "Lambda.TooManyRequestsException", cause: "Rate Exceeded." },
      });
      yield ev("TaskScheduled", name, scheduled);
      yield ev("TaskStarted", name, { taskStartedEventDetails: lambda });
    }
    if (k === e.failedAt) {
      const timedOut = e.status === "TIMED_OUT";
      yield ev(timedOut ? "TaskTimedOut" : "TaskFailed", name, {
        [timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails"]: {
          ...lambda,
          error: e.error,
          cause: e.cause,
        },
      });
      break;
    }
    yield ev("TaskSucceeded", name, {
      taskSucceededEventDetails: { ...lambda, output: payload, outputDetails: { truncated: false } },
    });
    yield ev("TaskStateExited", name, {
      stateExitedEventDetails: { name, output: payload, outputDetails: { truncated: false } },
    });
  }
  const end: Record<string, [string, object]> = {
    SUCCEEDED: [
      "ExecutionSucceeded",
      { executionSucceededEventDetails: { output: `{"ok":true}`, outputDetails: { truncated: false } } },
    ],
    FAILED: ["ExecutionFailed", { executionFailedEventDetails: { error: e.error, cause: e.cause } }],
    TIMED_OUT: ["ExecutionTimedOut", { executionTimedOutEventDetails: { error: "States.Timeout" } }],
    ABORTED: ["ExecutionAborted", { executionAbortedEventDetails: {} }],
  };
  const last = end[e.status];
  if (last) yield ev(last[0], null, last[1]);
}

function* allEventLines(count: number, now: number, machines: readonly Machine[], giants: number): Generator<string> {
  for (const e of generateExecutions(count, now, machines, giants)) yield* eventLines(e);
}

type Acc = Map<string, number[]>;
const bump = (acc: Acc, key: string, values: number[]) => {
  const cur = acc.get(key);
  if (!cur) acc.set(key, [...values]);
  else for (let i = 0; i < values.length; i++) cur[i]! += values[i]!;
};
const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

/** The rollup rows ingestion would have written for the corpus, from the same pure functions (buckets, billing, signatures). */
async function loadRollups(
  client: pg.ClientBase,
  count: number,
  now: number,
  machines: readonly Machine[],
  giants: number,
): Promise<void> {
  const hourly: Acc = new Map(),
    daily: Acc = new Map(),
    durH: Acc = new Map(),
    durD: Acc = new Map(),
    cost: Acc = new Map();
  const states: Acc = new Map(),
    retryErrors: Acc = new Map();
  const failures = new Map<string, { count: number; first: number; last: number; newest: number }>();
  const signatures = new Map<string, [number, string | null, string | null, string]>();
  for (const e of generateExecutions(count, now, machines, giants)) {
    const m = e.machine;
    const day = dayOf(e.startMs),
      hour = hourOf(e.startMs),
      key = `${m.id}\t${m.sourceId}`;
    const counts = STATUSES.map((s) => (s === e.status ? 1 : 0));
    const ended = e.durationMs !== null;
    const retries = [...e.retriesAt.values()].reduce((a, b) => a + b, 0);
    bump(hourly, `${hour}\t${key}`, [1, ...counts]);
    bump(daily, `${day}\t${key}`, [1, ...counts, e.billableTransitions, retries, e.durationMs ?? 0, ended ? 1 : 0]);
    if (ended) {
      const b = getDurationBucket(e.durationMs!);
      bump(durH, `${hour}\t${key}\t${b}`, [1]);
      bump(durD, `${day}\t${key}\t${b}`, [1]);
    }
    bump(cost, `${day}\t${key}`, [
      1,
      e.billableTransitions,
      ended ? Math.max(100, Math.ceil(e.durationMs! / 100) * 100) : 0,
      billedMbMs(e),
    ]);
    const runs = new Map<string, number[]>();
    for (let k = 0; k < e.tasks; k++) {
      const name = m.states[k % m.states.length]!;
      const r = e.retriesAt.get(k) ?? 0;
      const failed = k === e.failedAt;
      // runs, transitions, attempts, retries, retried runs, retried and succeeded, retries exhausted
      const v = [1, 1 + r, 1 + r, r, r > 0 ? 1 : 0, r > 0 && !failed ? 1 : 0, r > 0 && failed ? 1 : 0];
      const cur = runs.get(name);
      if (cur) v.forEach((x, i) => (cur[i]! += x));
      else runs.set(name, v);
      if (r > 0) bump(retryErrors, `${day}\t${key}\t${name}\tLambda.TooManyRequestsException`, [r]);
    }
    for (const [name, v] of runs) bump(states, `${day}\t${key}\t${name}`, v);
    if (e.signature) {
      signatures.set(e.signature, [
        m.id,
        e.failedAt === null ? null : m.states[e.failedAt % m.states.length]!,
        e.error,
        e.normalizedCause ?? "",
      ]);
      const fk = `${day}\t${e.signature}\t${m.sourceId}\t${m.id}`;
      const f = failures.get(fk);
      if (!f) failures.set(fk, { count: 1, first: e.startMs, last: e.startMs, newest: e.id });
      else {
        f.count++;
        f.first = Math.min(f.first, e.startMs);
        if (e.startMs >= f.last) Object.assign(f, { last: e.startMs, newest: e.id });
      }
    }
  }
  const lines = (acc: Acc) => [...acc].map(([k, v]) => `${k}\t${v.join("\t")}\n`);
  const sc = ["running", "succeeded", "failed", "timed_out", "aborted", "pending_redrive"];
  await copyLines(
    client,
    "execution_hourly_rollups",
    ["hour", "state_machine_id", "source_id", "total", ...sc],
    lines(hourly),
  );
  await copyLines(
    client,
    "execution_daily_rollups",
    [
      "day",
      "state_machine_id",
      "source_id",
      "total",
      ...sc,
      "billable_transitions",
      "retries",
      "duration_ms_sum",
      "duration_count",
    ],
    lines(daily),
  );
  await copyLines(
    client,
    "execution_duration_hourly_rollups",
    ["hour", "state_machine_id", "source_id", "bucket", "count"],
    lines(durH),
  );
  await copyLines(
    client,
    "execution_duration_daily_rollups",
    ["day", "state_machine_id", "source_id", "bucket", "count"],
    lines(durD),
  );
  await copyLines(
    client,
    "execution_cost_daily_rollups",
    [
      "day",
      "state_machine_id",
      "source_id",
      "executions",
      "billable_transitions",
      "billed_duration_ms",
      "billed_mb_ms",
    ],
    lines(cost),
  );
  await copyLines(
    client,
    "state_daily_rollups",
    [
      "day",
      "state_machine_id",
      "source_id",
      "state_name",
      "runs",
      "transitions",
      "attempts",
      "retries",
      "retried_runs",
      "retried_succeeded",
      "retries_exhausted",
    ],
    lines(states),
  );
  await copyLines(
    client,
    "state_retry_error_daily_rollups",
    ["day", "state_machine_id", "source_id", "state_name", "error", "count"],
    lines(retryErrors),
  );
  await copyLines(
    client,
    "failure_signatures",
    ["signature", "state_machine_id", "root_cause_state", "error", "normalized_cause"],
    [...signatures].map(([s, v]) => row(s, ...v)),
  );
  await copyLines(
    client,
    "failure_signature_daily_rollups",
    [
      "day",
      "signature",
      "source_id",
      "state_machine_id",
      "count",
      "first_seen_at",
      "last_seen_at",
      "newest_execution_id",
    ],
    [...failures].map(([k, f]) => `${k}\t${f.count}\t${iso(f.first)}\t${iso(f.last)}\t${f.newest}\n`),
  );
}

/**
 * Loads the corpus into a migrated, empty database: sources, state machines, executions
 * (COPY, indexes in place), events (COPY in key order, the foreign key added after), rollups.
 */
export async function loadCorpus(
  client: pg.ClientBase,
  opts: { executions: number; giants: number; now: number; log: (s: string) => void },
): Promise<void> {
  const machines = buildMachines();
  const t0 = performance.now();
  const lap = (what: string) => opts.log(`  ${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await copyLines(
    client,
    "sources",
    ["id", "kind", "name", "account_id", "region"],
    [
      row(1, "AWS", "prod-us", "111122223333", "us-east-1"),
      row(2, "AWS", "prod-eu", "444455556666", "eu-west-3"),
      row(3, "AWS", "prod-sa", "111122223333", "sa-east-1"),
    ],
  );
  await copyLines(
    client,
    "state_machines",
    ["id", "arn", "name", "type", "source_id", "region", "account_id"],
    machines.map((m) => row(m.id, m.arn, m.name, m.type, m.sourceId, m.region, m.account)),
  );
  // Explicit ids above: move the sequences past them, so rows the app adds later (a local run's source and machine) get new ids.
  await client.query(
    "SELECT setval(pg_get_serial_sequence('sources', 'id'), (SELECT max(id) FROM sources)), setval(pg_get_serial_sequence('state_machines', 'id'), (SELECT max(id) FROM state_machines))",
  );
  await copyLines(
    client,
    "executions",
    EXECUTION_COLUMNS,
    executionLines(opts.executions, opts.now, machines, opts.giants),
  );
  await client.query("SELECT setval(pg_get_serial_sequence('executions', 'id'), (SELECT max(id) FROM executions))");
  lap("executions");
  await client.query("ALTER TABLE history_events DROP CONSTRAINT history_events_execution_id_fkey");
  const events = await copyLines(
    client,
    "history_events",
    ["execution_id", "event_id", "previous_event_id", "timestamp", "type", "state_name", "details"],
    allEventLines(opts.executions, opts.now, machines, opts.giants),
  );
  lap(`${events.toLocaleString("en")} events`);
  await client.query(
    `ALTER TABLE history_events ADD CONSTRAINT history_events_execution_id_fkey FOREIGN KEY (execution_id) REFERENCES executions(id) ON DELETE CASCADE ON UPDATE CASCADE`,
  );
  lap("events foreign key");
  await loadRollups(client, opts.executions, opts.now, machines, opts.giants);
  lap("rollups");
  await client.query("VACUUM ANALYZE");
  lap("vacuum analyze");
}
