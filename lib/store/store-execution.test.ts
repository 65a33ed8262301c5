import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import type { StateRun } from "../history/types";
import { storeExecution, storeExecutions } from "./store-execution";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const source = { kind: "UPLOAD", name: "uploads" } as const;

async function count(table: string, where = "TRUE", params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return rows[0]!.n;
}

async function snapshot(executionId: string) {
  const execution = await db.pool.query("SELECT * FROM executions WHERE id = $1", [executionId]);
  const events = await db.pool.query("SELECT * FROM history_events WHERE execution_id = $1 ORDER BY event_id", [
    executionId,
  ]);
  const runs = await db.pool.query(
    "SELECT key, status, retry_count FROM state_runs WHERE execution_id = $1 ORDER BY key",
    [executionId],
  );
  const rollups = await db.pool.query("SELECT * FROM execution_daily_rollups ORDER BY day, state_machine_id");
  return { execution: execution.rows, events: events.rows, runs: runs.rows, rollups: rollups.rows };
}

describe("storeExecution", () => {
  it("stores the execution, its events, state runs, attempts, definition and rollup in one go", async () => {
    const { parsed, derived } = buildExecutionHistory({
      name: "first",
      tasks: 4,
      retryEvery: 2,
      definition: '{"StartAt":"Step1"}',
    });
    const result = await storeExecution(db, parsed, derived, source);
    expect(result).toMatchObject({ created: true, eventsWritten: parsed.events.length });

    const { rows } = await db.pool.query(
      `SELECT e.status, e.event_count, e.last_event_id, e.retries, e.history_complete, e.definition_id IS NOT NULL AS has_definition,
              s.name AS source, m.arn FROM executions e JOIN sources s ON s.id = e.source_id JOIN state_machines m ON m.id = e.state_machine_id
        WHERE e.id = $1`,
      [result.executionId],
    );
    expect(rows[0]).toMatchObject({
      status: "SUCCEEDED",
      event_count: parsed.events.length,
      last_event_id: parsed.events.length,
      retries: 2,
      history_complete: true,
      has_definition: true,
      source: "uploads",
      arn: parsed.identity.stateMachineArn,
    });
    expect(await count("state_runs", "execution_id = $1", [result.executionId])).toBe(4);
    expect(
      await count("attempts a JOIN state_runs r ON r.id = a.state_run_id", "r.execution_id = $1", [result.executionId]),
    ).toBe(6);
    const stepEvents = await db.pool.query(
      `SELECT type, state_name FROM history_events WHERE execution_id = $1 AND event_id IN (1, 2, 3, 4) ORDER BY event_id`,
      [result.executionId],
    );
    expect(stepEvents.rows).toEqual([
      { type: "ExecutionStarted", state_name: null },
      { type: "TaskStateEntered", state_name: "Step1" },
      { type: "TaskScheduled", state_name: "Step1" },
      { type: "TaskStarted", state_name: "Step1" },
    ]);
  });

  it("gives back the events exactly as they went in", async () => {
    const { parsed, derived } = buildExecutionHistory({ name: "round-trip", tasks: 2 });
    const { executionId } = await storeExecution(db, parsed, derived, source);
    const { rows } = await db.pool.query(
      `SELECT jsonb_build_object('id', event_id, 'previousEventId', previous_event_id,
              'timestamp', to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'type', type) || details AS event
         FROM history_events WHERE execution_id = $1 ORDER BY event_id`,
      [executionId],
    );
    expect(rows.map((r) => r.event)).toEqual(parsed.events);
  });

  it("changes nothing when the same history is stored twice", async () => {
    const { parsed, derived } = buildExecutionHistory({ name: "twice", tasks: 3, retryEvery: 3 });
    const first = await storeExecution(db, parsed, derived, source);
    const before = await snapshot(first.executionId);
    const second = await storeExecution(db, parsed, derived, source);
    expect(second).toEqual({ executionId: first.executionId, created: false, eventsWritten: 0 });
    expect(await snapshot(first.executionId)).toEqual(before);
  });

  it("appends the new events and replaces the derived rows when a running execution progressed", async () => {
    const running = buildExecutionHistory({
      name: "progressing",
      stateMachineName: "Progress",
      tasks: 2,
      status: "RUNNING",
    });
    const done = buildExecutionHistory({
      name: "progressing",
      stateMachineName: "Progress",
      tasks: 5,
      status: "SUCCEEDED",
    });
    expect(done.parsed.events.slice(0, running.parsed.events.length)).toEqual(running.parsed.events);

    const first = await storeExecution(db, running.parsed, running.derived, source);
    expect(first.created).toBe(true);
    const rollupWhileRunning = await db.pool.query(
      `SELECT r.total, r.running, r.succeeded FROM execution_daily_rollups r JOIN state_machines m ON m.id = r.state_machine_id WHERE m.name = 'Progress'`,
    );
    expect(rollupWhileRunning.rows).toEqual([{ total: 1, running: 1, succeeded: 0 }]);

    const second = await storeExecution(db, done.parsed, done.derived, source);
    expect(second).toEqual({
      executionId: first.executionId,
      created: false,
      eventsWritten: done.parsed.events.length - running.parsed.events.length,
    });
    expect(await count("history_events", "execution_id = $1", [first.executionId])).toBe(done.parsed.events.length);
    expect(await count("state_runs", "execution_id = $1", [first.executionId])).toBe(5);
    const { rows } = await db.pool.query(
      "SELECT status, history_complete, last_event_id FROM executions WHERE id = $1",
      [first.executionId],
    );
    expect(rows[0]).toEqual({ status: "SUCCEEDED", history_complete: true, last_event_id: done.parsed.events.length });
    const rollup = await db.pool.query(
      `SELECT r.total, r.running, r.succeeded, r.duration_count FROM execution_daily_rollups r
         JOIN state_machines m ON m.id = r.state_machine_id WHERE m.name = 'Progress'`,
    );
    expect(rollup.rows).toEqual([{ total: 1, running: 0, succeeded: 1, duration_count: 1 }]);

    // The shorter, older history arriving late changes nothing.
    expect(await storeExecution(db, running.parsed, running.derived, source)).toMatchObject({
      created: false,
      eventsWritten: 0,
    });
    expect(await count("state_runs", "execution_id = $1", [first.executionId])).toBe(5);
  });

  it("leaves nothing behind when a write fails in the middle of the transaction", async () => {
    const { parsed, derived } = buildExecutionHistory({ name: "doomed", stateMachineName: "Doomed", tasks: 3 });
    const broken = {
      ...derived,
      stateRuns: derived.stateRuns.map((run) => ({ ...run, status: "EXPLODED" }) as unknown as StateRun),
    };
    const sourcesBefore = await count("sources");
    await expect(storeExecution(db, parsed, broken, { kind: "UPLOAD", name: "doomed-source" })).rejects.toThrow(
      /state_run_status/,
    );
    expect(await count("executions", "execution_arn = $1", [parsed.identity.executionArn])).toBe(0);
    expect(await count("state_machines", "name = 'Doomed'")).toBe(0);
    expect(await count("sources")).toBe(sourcesBefore);
    expect(await count("history_events e JOIN executions x ON x.id = e.execution_id", "x.name = 'doomed'")).toBe(0);
  });

  it("stores the same events with the COPY writer as with the unnest writer", async () => {
    const a = buildExecutionHistory({ name: "via-unnest", stateMachineName: "Writers", tasks: 3, retryEvery: 2 });
    const b = buildExecutionHistory({ name: "via-copy", stateMachineName: "Writers", tasks: 3, retryEvery: 2 });
    const viaUnnest = await storeExecution(db, a.parsed, a.derived, source, { eventWriteMethod: "unnest" });
    const viaCopy = await storeExecution(db, b.parsed, b.derived, source, { eventWriteMethod: "copy" });
    expect(viaCopy.eventsWritten).toBe(b.parsed.events.length);
    const rows = async (id: string) =>
      (
        await db.pool.query(
          "SELECT event_id, previous_event_id, timestamp, type, state_name, details FROM history_events WHERE execution_id = $1 ORDER BY event_id",
          [id],
        )
      ).rows;
    expect(await rows(viaCopy.executionId)).toEqual(await rows(viaUnnest.executionId));
  });

  it("stores one execution once when two writers store it at the same time", async () => {
    const { parsed, derived } = buildExecutionHistory({ name: "raced", stateMachineName: "Raced", tasks: 3 });
    const results = await Promise.all([
      storeExecution(db, parsed, derived, { kind: "AWS", name: "raced-source" }),
      storeExecution(db, parsed, derived, { kind: "AWS", name: "raced-source" }),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0].executionId).toBe(results[1].executionId);
    expect(await count("history_events", "execution_id = $1", [results[0].executionId])).toBe(parsed.events.length);
    const rollup = await db.pool.query(
      `SELECT r.total FROM execution_daily_rollups r JOIN state_machines m ON m.id = r.state_machine_id WHERE m.name = 'Raced'`,
    );
    expect(rollup.rows).toEqual([{ total: 1 }]);
  });

  it("stores a batch with the same rows and rollups as storing its executions one by one", async () => {
    const build = (machine: string) => [
      buildExecutionHistory({ name: "ok-1", stateMachineName: machine, tasks: 4, retryEvery: 2 }),
      buildExecutionHistory({
        name: "ok-2",
        stateMachineName: machine,
        tasks: 2,
        startDate: "2024-03-18T09:00:00.000Z",
      }),
      buildExecutionHistory({ name: "bad-1", stateMachineName: machine, tasks: 3, status: "FAILED" }),
      buildExecutionHistory({
        name: "bad-2",
        stateMachineName: machine,
        tasks: 3,
        status: "FAILED",
        startDate: "2024-03-17T12:00:00.000Z",
      }),
      buildExecutionHistory({ name: "open", stateMachineName: machine, tasks: 5, status: "RUNNING" }),
    ];
    const progressed = (machine: string) =>
      buildExecutionHistory({ name: "open", stateMachineName: machine, tasks: 6, retryEvery: 3 });
    // "open" is stored running first, then progresses inside the batch (its old share moves).
    const [openA] = build("BatchA").slice(-1);
    await storeExecution(db, openA!.parsed, openA!.derived, source);
    const batch = await storeExecutions(
      db,
      [...build("BatchA").slice(0, -1), progressed("BatchA")].map((b) => ({ ...b, source })),
    );
    expect(batch.map((r) => r.created)).toEqual([true, true, true, true, false]);
    for (const b of build("BatchB")) await storeExecution(db, b.parsed, b.derived, source);
    const p = progressed("BatchB");
    await storeExecution(db, p.parsed, p.derived, source);

    const byMachine = async (sql: string) => {
      const { rows } = await db.pool.query<{ m: string }>(sql);
      const of = (m: string) => rows.filter((r) => r.m === m).map(({ m: _m, ...rest }) => rest);
      return [of("BatchA"), of("BatchB")];
    };
    const tables = [
      "SELECT m.name AS m, r.day, r.total, r.succeeded, r.failed, r.running, r.billable_transitions, r.retries, r.duration_ms_sum, r.duration_ms_max, r.duration_count FROM execution_daily_rollups r",
      "SELECT m.name AS m, r.hour, r.total, r.succeeded, r.failed, r.running FROM execution_hourly_rollups r",
      "SELECT m.name AS m, r.hour, r.bucket, r.count FROM execution_duration_hourly_rollups r",
      "SELECT m.name AS m, r.day, r.bucket, r.count FROM execution_duration_daily_rollups r",
      "SELECT m.name AS m, r.day, r.executions, r.billable_transitions, r.billed_duration_ms, r.billed_mb_ms FROM execution_cost_daily_rollups r",
      "SELECT m.name AS m, r.day, r.state_name, r.runs, r.transitions, r.attempts, r.retries, r.retried_runs, r.retried_succeeded, r.retries_exhausted FROM state_daily_rollups r",
      "SELECT m.name AS m, r.day, r.state_name, r.error, r.count FROM state_retry_error_daily_rollups r",
      "SELECT m.name AS m, r.day, r.count, r.first_seen_at, r.last_seen_at, x.name AS newest FROM failure_signature_daily_rollups r JOIN executions x ON x.id = r.newest_execution_id",
    ];
    for (const sql of tables) {
      const [a, b] = await byMachine(`${sql} JOIN state_machines m ON m.id = r.state_machine_id ORDER BY 2, 3, 4`);
      expect(a!.length, sql).toBeGreaterThan(0);
      expect(a, sql).toEqual(b);
    }
    const [a, b] = await byMachine(
      `SELECT m.name AS m, x.name, x.status, x.event_count, x.failure_signature IS NOT NULL AS signed, (SELECT count(*)::int FROM state_runs r WHERE r.execution_id = x.id) AS runs
         FROM executions x JOIN state_machines m ON m.id = x.state_machine_id ORDER BY x.name`,
    );
    expect(a).toEqual(b);
  });

  it("refuses a batch that names one execution twice", async () => {
    const one = buildExecutionHistory({ name: "dup-in-batch", stateMachineName: "DupInBatch" });
    await expect(
      storeExecutions(db, [
        { ...one, source },
        { ...one, source },
      ]),
    ).rejects.toThrow(/execution .*:dup-in-batch appears twice in one batch/);
    expect(await count("executions", "name = 'dup-in-batch'")).toBe(0);
  });
});
