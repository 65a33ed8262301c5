import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { expressLogMessages } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { readSyncCursor } from "../sync-cursor";
import { syncAwsSource } from "../sync-aws-source";
import { getStoredEvents } from "../aws-standard/stored-history";
import { createStoreBatcher } from "../aws-standard/store-batcher";

let db: TestDatabase;
let fake: FakeAws;
let sourceId: number;
const options = {
  credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "s" },
  now: () => new Date("2024-03-20T00:00:00Z"),
};

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  fake = await startFakeAws();
  const { rows } = await db.pool.query<{ id: number }>(
    "INSERT INTO sources (kind, name, region, endpoint) VALUES ('AWS', $1, 'us-east-1', $2) RETURNING id",
    [`express-${Math.random().toString(36).slice(2)}`, fake.url],
  );
  sourceId = rows[0]!.id;
});
afterEach(async () => {
  await fake.close();
});

function addExpressMachine(
  name: string,
  level: "ALL" | "ERROR",
  includeExecutionData: boolean,
  executions: number,
  order: "interleaved" | "in-order" = "interleaved",
): string[] {
  const logGroup = `/aws/vendedlogs/states/${name}`;
  const stateMachineArn = `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
  fake.state.stateMachines.push({
    stateMachineArn,
    name,
    type: "EXPRESS",
    definition: "{}",
    roleArn: "arn:aws:iam::123456789012:role/r",
    creationDate: new Date("2024-01-01T00:00:00Z"),
    loggingConfiguration: {
      level,
      includeExecutionData,
      destinations: [
        { cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${logGroup}:*` } },
      ],
    },
  });
  const messages: { logStreamName: string; timestamp: number; message: string }[] = [];
  const arns: string[] = [];
  for (let i = 0; i < executions; i += 1) {
    const { events } = buildExecutionHistory({
      name: `e${i}`,
      tasks: 3,
      status: i === 0 ? "FAILED" : "SUCCEEDED",
      startDate: `2024-03-19T10:0${i}:00.000Z`,
    }).parsed;
    const arn = `arn:aws:states:us-east-1:123456789012:express:${name}:e${i}:0000000${i}-aaaa-bbbb-cccc-dddddddddddd`;
    arns.push(arn);
    const kept =
      level === "ALL" ? events : events.filter((e) => /Failed|ExecutionStarted|ExecutionSucceeded/.test(e.type));
    messages.push(...expressLogMessages(arn, kept).map((m) => ({ ...m, logStreamName: `stream-${i}` })));
  }
  // Delivery does not keep order: interleave the executions and reverse each one's records.
  fake.state.logGroups.set(logGroup, order === "interleaved" ? messages.reverse() : messages);
  return arns;
}

describe("syncAwsSource (Express)", () => {
  it("groups log records by execution_arn into whole histories (string scalars, ms timestamps, out of order)", async () => {
    const arns = addExpressMachine("Signup", "ALL", true, 3);
    const outcome = await syncAwsSource(db, sourceId, options);
    expect(outcome).toMatchObject({ status: "done", failures: [] });
    const { rows } = await db.pool.query<{ execution_arn: string; status: string; type: string; event_count: number }>(
      "SELECT execution_arn, status, type, event_count FROM executions WHERE source_id = $1 ORDER BY execution_arn",
      [sourceId],
    );
    expect(rows.map((r) => r.execution_arn)).toEqual([...arns].sort());
    expect(rows.every((r) => r.type === "EXPRESS")).toBe(true);
    expect(rows.find((r) => r.execution_arn === arns[0])?.status).toBe("FAILED");
    const events = await getStoredEvents(db.pool, arns[1]!);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]!.timestamp).toBe("2024-03-19T10:01:00.000Z");
    const cursor = readSyncCursor(
      (await db.pool.query("SELECT sync_cursor FROM sources WHERE id = $1", [sourceId])).rows[0].sync_cursor,
    );
    expect(Object.values(cursor.express)[0]).toMatchObject({ partialReason: null });
    const partial = await db.pool.query(
      "SELECT 1 FROM executions WHERE source_id = $1 AND partial_reason IS NOT NULL",
      [sourceId],
    );
    expect(partial.rows).toHaveLength(0);

    const again = await syncAwsSource(db, sourceId, options);
    expect(again.status === "done" && again.progress.eventsFetched).toBe(0);
  });

  it("stores what a partial log level gives and says what is missing and how to get it", async () => {
    const arns = addExpressMachine("Partial", "ERROR", false, 2);
    const outcome = await syncAwsSource(db, sourceId, options);
    expect(outcome).toMatchObject({ status: "done", failures: [] });
    expect((await getStoredEvents(db.pool, arns[0]!)).length).toBeGreaterThan(0);
    const cursor = readSyncCursor(
      (await db.pool.query("SELECT sync_cursor FROM sources WHERE id = $1", [sourceId])).rows[0].sync_cursor,
    );
    const reason = Object.values(cursor.express)[0]?.partialReason ?? "";
    expect(reason).toContain("log level is ERROR");
    expect(reason).toContain("includeExecutionData");
    // Each execution read from those logs carries the reason, for its page and the list.
    const { rows } = await db.pool.query<{ partial_reason: string | null }>(
      "SELECT partial_reason FROM executions WHERE execution_arn = ANY($1)",
      [arns],
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.partial_reason === reason)).toBe(true);
  });

  it("stores executions whose end was read while later pages are read, and completes the ones split across pages", async () => {
    const arns = addExpressMachine("Busy", "ALL", true, 6, "in-order");
    // 7 pages of 5 records for 6 executions of ~6 records each: most executions straddle two pages.
    fake.state.logsPageSize = 5;
    const pagesAtStore: number[] = [];
    const batcher = createStoreBatcher(db, { kind: "AWS", name: "busy" });
    const storeBatcher = {
      store: (...args: Parameters<typeof batcher.store>) => {
        pagesAtStore.push(fake.calls.filter((c) => c.op === "FilterLogEvents").length);
        return batcher.store(...args);
      },
    };
    const outcome = await syncAwsSource(db, sourceId, { ...options, storeBatcher, expressFlushEveryRecords: 8 });
    expect(outcome).toMatchObject({ status: "done", failures: [] });
    const pages = fake.calls.filter((c) => c.op === "FilterLogEvents").length;
    expect(pages).toBeGreaterThan(3);
    // Some executions were stored before the last page was read.
    expect(Math.min(...pagesAtStore)).toBeLessThan(pages);
    expect(pagesAtStore).toHaveLength(6);
    for (const arn of arns) {
      const events = await getStoredEvents(db.pool, arn);
      expect(
        events.map((e) => e.id),
        arn,
      ).toEqual(events.map((_, i) => i + 1));
      expect(events[events.length - 1]?.type, arn).toMatch(/^Execution(Succeeded|Failed)$/);
    }
  });
});
