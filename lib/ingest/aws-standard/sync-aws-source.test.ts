import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HistoryEvent } from "@/lib/history/types";
import { listMapRuns } from "@/lib/queries/list-map-runs";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { addExecutionsToFake, addMapRunToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { syncAwsSource, type SyncAwsSourceOptions } from "../sync-aws-source";
import { getStoredEvents } from "./stored-history";

let db: TestDatabase;
let fake: FakeAws;
let sourceId: number;
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };
const options: SyncAwsSourceOptions = {
  credentials,
  retry: { baseBackoffMs: 5, maxBackoffMs: 50 },
  now: () => new Date("2024-03-20T00:00:00Z"),
};

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  fake = await startFakeAws({ badAccessKeys: ["AKIDBAD"] });
  const { rows } = await db.pool.query<{ id: number }>(
    "INSERT INTO sources (kind, name, region, endpoint, account_id) VALUES ('AWS', $1, 'us-east-1', $2, '123456789012') RETURNING id",
    [`aws-${Math.random().toString(36).slice(2)}`, fake.url],
  );
  sourceId = rows[0]!.id;
});
afterEach(async () => {
  await fake.close();
});

const build = (
  name: string,
  tasks: number,
  status: "SUCCEEDED" | "FAILED" | "RUNNING" = "SUCCEEDED",
  start = "2024-03-17T11:10:40.000Z",
) => buildExecutionHistory({ name, tasks, status, startDate: start, stateMachineName: `M${sourceId}` }).parsed;
const historyCalls = (): number =>
  fake.calls.filter((c) => c.op === "GetExecutionHistory" && c.outcome === "ok").length;
const storedIds = async (arn: string): Promise<number[]> => (await getStoredEvents(db.pool, arn)).map((e) => e.id);
const row = async (arn: string) =>
  (
    await db.pool.query<{ status: string; history_complete: boolean; event_count: number; redrive_count: number }>(
      "SELECT status, history_complete, event_count, redrive_count FROM executions WHERE execution_arn = $1",
      [arn],
    )
  ).rows[0];

describe("syncAwsSource (Standard)", () => {
  it("stores every page of every execution on the first sync, and fetches nothing again on the next", async () => {
    const [big, small] = addExecutionsToFake(fake.state, [
      build("big", 500),
      build("small", 3, "FAILED", "2024-03-18T00:00:00.000Z"),
    ]);
    const first = await syncAwsSource(db, sourceId, options);
    expect(first.status).toBe("done");
    expect(await storedIds(big!.executionArn)).toEqual(big!.events.map((e) => e.id));
    expect(big!.events.length).toBeGreaterThan(2_000);
    expect(await row(small!.executionArn)).toMatchObject({ status: "FAILED", history_complete: true });
    const pagesBefore = historyCalls();
    const second = await syncAwsSource(db, sourceId, options);
    expect(second.status).toBe("done");
    expect(historyCalls()).toBe(pagesBefore);

    addExecutionsToFake(fake.state, [build("newer", 2, "SUCCEEDED", "2024-03-19T00:00:00.000Z")]);
    await syncAwsSource(db, sourceId, options);
    expect(historyCalls()).toBe(pagesBefore + 1);
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM executions WHERE source_id = $1",
      [sourceId],
    );
    expect(rows[0]!.n).toBe(3);
  });

  it("polls a running execution from its last stored event until it closes", async () => {
    const full = build("runner", 10);
    const [execution] = addExecutionsToFake(fake.state, [{ ...full, events: full.events.slice(0, 12) }]);
    await syncAwsSource(db, sourceId, options);
    expect(await row(execution!.executionArn)).toMatchObject({
      status: "RUNNING",
      history_complete: false,
      event_count: 12,
    });
    execution!.events = [...full.events];
    execution!.status = "SUCCEEDED";
    execution!.stopDate = new Date(full.events[full.events.length - 1]!.timestamp);
    fake.calls.length = 0;
    await syncAwsSource(db, sourceId, options);
    expect(await row(execution!.executionArn)).toMatchObject({
      status: "SUCCEEDED",
      history_complete: true,
      event_count: full.events.length,
    });
    const historyRequests = fake.calls.filter((c) => c.op === "GetExecutionHistory");
    expect(historyRequests.every((c) => c.body["reverseOrder"] === true)).toBe(true);
    expect(await storedIds(execution!.executionArn)).toEqual(full.events.map((e) => e.id));
  });

  it("picks up a redriven execution's new events", async () => {
    const [execution] = addExecutionsToFake(fake.state, [build("redriven", 3, "FAILED")]);
    await syncAwsSource(db, sourceId, options);
    const last = execution!.events[execution!.events.length - 1]!;
    const later = (ms: number): string => new Date(Date.parse(last.timestamp) + ms).toISOString();
    const redrive: HistoryEvent[] = [
      {
        id: last.id + 1,
        previousEventId: last.id,
        timestamp: later(60_000),
        type: "ExecutionRedriven",
        executionRedrivenEventDetails: { redriveCount: 1 },
      },
      {
        id: last.id + 2,
        previousEventId: last.id + 1,
        timestamp: later(61_000),
        type: "ExecutionSucceeded",
        executionSucceededEventDetails: { output: "{}" },
      },
    ] as HistoryEvent[];
    execution!.events = [...execution!.events, ...redrive];
    execution!.redriveCount = 1;
    execution!.status = "SUCCEEDED";
    await syncAwsSource(db, sourceId, options);
    expect(await row(execution!.executionArn)).toMatchObject({
      status: "SUCCEEDED",
      redrive_count: 1,
      history_complete: true,
    });
    expect((await storedIds(execution!.executionArn)).at(-1)).toBe(last.id + 2);
  });

  it("rides out throttling, 5xx, a slow answer and an expired nextToken", async () => {
    const [execution] = addExecutionsToFake(fake.state, [build("faulty", 700)]);
    fake.faults.push(
      { op: "ListExecutions", kind: "throttle", times: 3 },
      { op: "DescribeExecution", kind: "server-error", times: 2 },
      { op: "GetExecutionHistory", kind: "slow", delayMs: 1_500 },
      { op: "GetExecutionHistory", kind: "expired-token" },
    );
    const outcome = await syncAwsSource(db, sourceId, { ...options, requestTimeoutMs: 1_000, checkpointEveryPages: 2 });
    expect(outcome.status).toBe("done");
    expect(outcome.status === "done" && outcome.progress.retries).toBeGreaterThanOrEqual(6);
    expect(await storedIds(execution!.executionArn)).toEqual(execution!.events.map((e) => e.id));
    expect(await row(execution!.executionArn)).toMatchObject({ history_complete: true });
  });

  it("stops the source on AccessDenied with the code, message and missing IAM action", async () => {
    addExecutionsToFake(fake.state, [build("denied", 2)]);
    fake.faults.push({ op: "GetExecutionHistory", kind: "access-denied", times: 100 });
    const outcome = await syncAwsSource(db, sourceId, options);
    expect(outcome).toMatchObject({
      status: "stopped",
      error: { code: "AccessDeniedException", action: "states:GetExecutionHistory" },
    });
    const { rows } = await db.pool.query<{
      sync_state: string;
      last_error: string;
      last_error_details: { action: string };
    }>("SELECT sync_state, last_error, last_error_details FROM sources WHERE id = $1", [sourceId]);
    expect(rows[0]).toMatchObject({
      sync_state: "FAILED",
      last_error_details: { action: "states:GetExecutionHistory" },
    });
    expect(rows[0]!.last_error).toContain("not authorized");
  });

  it("stops a source whose credentials AWS does not know", async () => {
    addExecutionsToFake(fake.state, [build("x", 2)]);
    const outcome = await syncAwsSource(db, sourceId, {
      ...options,
      credentials: { accessKeyId: "AKIDBAD", secretAccessKey: "nope" },
    });
    expect(outcome).toMatchObject({
      status: "stopped",
      error: { code: "UnrecognizedClientException", action: "states:ListStateMachines" },
    });
  });

  it("resumes a sync killed mid-history without losing or doubling events", async () => {
    const [execution] = addExecutionsToFake(fake.state, [build("long", 1_000)]);
    const controller = new AbortController();
    fake.faults.push({ op: "GetExecutionHistory", kind: "slow", delayMs: 300, times: 10 });
    const killed = syncAwsSource(db, sourceId, { ...options, checkpointEveryPages: 1, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("killed")), 1_000);
    expect((await killed).status).toBe("stopped");
    const partial = await storedIds(execution!.executionArn);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(execution!.events.length);
    fake.faults.length = 0;
    fake.calls.length = 0;
    const resumed = await syncAwsSource(db, sourceId, options);
    expect(resumed).toMatchObject({ status: "done", failures: [] });
    expect(await storedIds(execution!.executionArn)).toEqual(execution!.events.map((e) => e.id));
  });

  it("links Distributed Map child executions to their parent through ListMapRuns", async () => {
    const parent = build("parent", 1);
    const [p] = addExecutionsToFake(fake.state, [parent]);
    const { mapRunArn, children } = addMapRunToFake(
      fake.state,
      p!,
      "Fanout",
      [0, 1].map(
        (i) =>
          buildExecutionHistory({
            name: `child-${i}`,
            tasks: 1,
            stateMachineName: `M${sourceId}/Fanout`,
            startDate: new Date(Date.parse(p!.events[0]!.timestamp) + 11 + i).toISOString(),
          }).parsed,
      ),
    );
    const outcome = await syncAwsSource(db, sourceId, options);
    expect(outcome).toMatchObject({ status: "done", failures: [] });
    const { rows } = await db.pool.query<{ execution_arn: string; parent: string | null; map_run_arn: string | null }>(
      `SELECT c.execution_arn, p.execution_arn AS parent, c.map_run_arn FROM executions c LEFT JOIN executions p ON p.id = c.parent_execution_id
        WHERE c.map_run_arn IS NOT NULL ORDER BY c.execution_arn`,
    );
    expect(rows).toEqual(
      children.map((c) => ({ execution_arn: c.executionArn, parent: p!.executionArn, map_run_arn: mapRunArn })),
    );
    expect(fake.calls.some((c) => c.op === "ListMapRuns")).toBe(true);
    // DescribeMapRun's status and counts are kept with the parent.
    const runs = await db.pool.query<{
      parent: string;
      status: string;
      stopped: boolean;
      execution_counts: { total: number; succeeded: number; failed: number };
    }>(
      `SELECT e.execution_arn AS parent, m.status, m.stop_date IS NOT NULL AS stopped, m.execution_counts FROM map_runs m JOIN executions e ON e.id = m.execution_id`,
    );
    expect(runs.rows).toEqual([
      {
        parent: p!.executionArn,
        status: "SUCCEEDED",
        stopped: false,
        execution_counts: expect.objectContaining({ total: 2, succeeded: 2, failed: 0 }),
      },
    ]);
    // As the execution page reads them: DescribeMapRun's figures, and the children stored here.
    expect(await listMapRuns(db.pool, p!.executionArn)).toEqual([
      expect.objectContaining({
        mapRunArn,
        label: "Fanout",
        status: "SUCCEEDED",
        source: "DescribeMapRun",
        storedChildren: 2,
        executionCounts: expect.objectContaining({ total: 2, succeeded: 2 }),
      }),
    ]);
    // Without DescribeMapRun's row (a local or imported history), the stored children are counted.
    await db.pool.query("DELETE FROM map_runs WHERE map_run_arn = $1", [mapRunArn]);
    await db.pool.query("UPDATE executions SET status = 'FAILED' WHERE execution_arn = $1", [
      children[1]!.executionArn,
    ]);
    expect(await listMapRuns(db.pool, p!.executionArn)).toEqual([
      expect.objectContaining({
        mapRunArn,
        status: null,
        source: "stored children",
        itemCounts: null,
        storedChildren: 2,
        executionCounts: expect.objectContaining({ total: 2, succeeded: 1, failed: 1 }),
      }),
    ]);
    expect(await listMapRuns(db.pool, children[0]!.executionArn)).toEqual([]);
    expect(await listMapRuns(db.pool, `${p!.executionArn}-unknown`)).toBeNull();
  });
});
