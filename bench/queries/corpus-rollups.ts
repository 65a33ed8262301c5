import type pg from "pg";
import { copyLines, row } from "./copy-rows";
import { billedMbMs, generateExecutions, getDurationBucket, type Machine } from "./generate-corpus";

const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (ms: number) => iso(ms).slice(0, 10);
const hourOf = (ms: number) => `${iso(ms).slice(0, 13)}:00:00.000Z`;

type Acc = Map<string, number[]>;
const bump = (acc: Acc, key: string, values: number[]) => {
  const cur = acc.get(key);
  if (!cur) acc.set(key, [...values]);
  else for (let i = 0; i < values.length; i++) cur[i]! += values[i]!;
};
const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

/** The rollup rows ingestion would have written for the corpus, from the same pure functions (buckets, billing, signatures). */
export async function loadRollups(
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
