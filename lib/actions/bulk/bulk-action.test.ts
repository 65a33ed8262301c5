import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import { syncAwsSource } from "@/lib/ingest/sync-aws-source";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { configureFakeActions } from "@/test/fake-aws/fake-action-operations";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { createBulkAction, type BulkDryRun, type BulkStarted } from "./create-bulk-action";
import { getBulkAction } from "./get-bulk-action";
import { processBulkAction } from "./process-bulk-action";
import { startBulkActionWorker } from "./start-bulk-action-worker";

let db: TestDatabase;
let fake: FakeAws;
let sourceName: string;
const now = new Date("2024-03-20T00:00:00Z");
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };
const aws = { credentials, retry: { baseBackoffMs: 5, maxBackoffMs: 100, maxRetries: 20 } };
const operator: Actor = { userId: null, name: "olga", role: "operator", via: "session" };

beforeAll(async () => {
  db = await createTestDatabase();
  // AWS's quota for RedriveExecution here is tighter than the one Stepscope paces by: the fake throttles the burst.
  fake = await startFakeAws({
    enforceQuotas: true,
    quotaOverrides: { RedriveExecution: { capacity: 3, refillPerSecond: 20 } },
  });
  configureFakeActions(fake.state, { now: () => now });
  sourceName = "aws-bulk";
  const { rows } = await db.pool.query<{ id: number }>(
    "INSERT INTO sources (kind, name, region, endpoint, account_id) VALUES ('AWS', $1, 'us-east-1', $2, '123456789012') RETURNING id",
    [sourceName, fake.url],
  );
  const add = (machine: string, name: string, status: "FAILED" | "SUCCEEDED", minute: number) =>
    buildExecutionHistory({
      name,
      status,
      tasks: 2,
      stateMachineName: machine,
      startDate: new Date(Date.parse("2024-03-18T00:00:00Z") + minute * 60_000).toISOString(),
    }).parsed;
  addExecutionsToFake(fake.state, [
    ...Array.from({ length: 12 }, (_, i) => add("Checkout", `failed-${i}`, "FAILED", i)),
    add("Checkout", "ok-1", "SUCCEEDED", 30),
    add("Checkout", "ok-2", "SUCCEEDED", 31),
    ...Array.from({ length: 3 }, (_, i) => add("Report", `report-${i}`, "FAILED", 40 + i)),
  ]);
  const synced = await syncAwsSource(db, rows[0]!.id, { credentials, now: () => now });
  expect(synced.status).toBe("done");
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

const checkout = "stateMachine=Checkout";

describe("bulk actions", () => {
  it("a dry run lists the eligible executions and why the others are not", async () => {
    const plan = (await createBulkAction(
      db,
      operator,
      { action: "redrive", filters: checkout, dryRun: true },
      now,
    )) as BulkDryRun;
    expect(plan.selected).toBe(14);
    expect(plan.more).toBe(false);
    expect(plan.eligible.map((e) => e.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `failed-${i}`).sort());
    expect(plan.ineligible.map((e) => [e.name, e.reasons.map((r) => r.code)])).toEqual([
      ["ok-2", ["succeeded"]],
      ["ok-1", ["succeeded"]],
    ]);
    expect(plan.reasonCounts).toEqual([
      { code: "succeeded", message: "The execution succeeded: there is nothing to redrive", count: 2 },
    ]);
    expect(await db.prisma.bulkAction.count()).toBe(0);
  });

  it("refuses filters the list does not accept, naming the filter", async () => {
    const error = await createBulkAction(
      db,
      operator,
      { action: "redrive", filters: "status=BROKEN", dryRun: true },
      now,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ZodError" });
    expect(String((error as Error).message)).toContain("status");
  });

  it("refuses to start when nothing selected is eligible, audited", async () => {
    const error = await createBulkAction(
      db,
      operator,
      { action: "redrive", filters: `${checkout}&status=SUCCEEDED`, dryRun: false },
      now,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe("None of the 2 selected executions can be redriven");
    expect(await db.prisma.auditLog.count({ where: { action: "bulk.start", outcome: "REFUSED" } })).toBe(1);
  });

  it("redrives every eligible execution once under throttling, across a restart mid-way: none twice, none lost", async () => {
    const started = (await createBulkAction(
      db,
      operator,
      { action: "redrive", filters: checkout, dryRun: false },
      now,
    )) as BulkStarted;
    expect(started).toMatchObject({ dryRun: false, items: 12, skipped: 2 });
    const id = BigInt(started.id);
    // Throttled for sure (besides the tight quota, which a slow machine may not hit): two ThrottlingExceptions up front.
    fake.faults.push({ op: "RedriveExecution", kind: "throttle", times: 2 });

    // First run: the process "dies" right after AWS redrove failed-7, before its answer arrives (so before the item is
    // recorded); calls in flight elsewhere are cut off wherever they are.
    const crash = new AbortController();
    const victim = fake.state.executions.find((e) => e.name === "failed-7")!.executionArn;
    configureFakeActions(fake.state, {
      onApplied: (_op, body) => body["executionArn"] === victim && crash.abort(new Error("killed")),
    });
    const first = processBulkAction(db, id, { ...aws, concurrency: 4, signal: crash.signal });
    await expect(first).rejects.toThrow();
    configureFakeActions(fake.state, { onApplied: () => {} });
    expect(fake.state.executions.find((e) => e.executionArn === victim)!.redriveCount).toBe(1);
    const midway = await getBulkAction(db, id);
    expect(midway.state).toBe("RUNNING");
    expect(midway.counts.pending).toBeGreaterThan(0);
    expect(midway.items.find((i) => i.executionArn === victim)?.state).toBe("PENDING");

    // Restart: the worker queues the RUNNING bulk action again and finishes it.
    const runner: Runner = await startBulkActionWorker(db, { ...aws, pollIntervalMs: 200 });
    try {
      const deadline = Date.now() + 60_000;
      while ((await getBulkAction(db, id)).state !== "DONE") {
        if (Date.now() > deadline)
          throw new Error(`bulk action still ${JSON.stringify((await getBulkAction(db, id)).counts)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await runner.stop();
    }

    const done = await getBulkAction(db, id);
    expect(done.counts).toEqual({ pending: 0, done: 12, refused: 0, failed: 0 });
    // The victim's call was made again after the restart, with the same clientToken: AWS answered it as the same redrive.
    const victimCalls = fake.calls.filter(
      (c) => c.op === "RedriveExecution" && c.outcome === "ok" && c.body["executionArn"] === victim,
    );
    expect(victimCalls.length).toBe(2);
    expect(new Set(victimCalls.map((c) => c.body["clientToken"])).size).toBe(1);
    const throttled = fake.calls.filter(
      (c) => c.op === "RedriveExecution" && (c.outcome === "throttled" || c.outcome === "fault"),
    );
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    const redriven = fake.state.executions.filter((e) => e.name.startsWith("failed-"));
    expect(
      redriven.map((e) => [e.name, e.redriveCount, e.events.filter((ev) => ev.type === "ExecutionRedriven").length]),
    ).toEqual(redriven.map((e) => [e.name, 1, 1]));
    const { rows: audits } = await db.pool.query<{ target_id: string; n: number }>(
      "SELECT target_id, count(*)::int AS n FROM audit_logs WHERE action = 'execution.redrive' AND outcome = 'OK' AND details->>'bulkActionId' = $1 GROUP BY target_id",
      [started.id],
    );
    expect(audits).toHaveLength(12);
    expect(audits.every((a) => a.n === 1)).toBe(true);
    const { rows: stored } = await db.pool.query<{ status: string; redrive_count: number }>(
      "SELECT status, redrive_count FROM executions WHERE name LIKE 'failed-%'",
    );
    expect(stored.every((r) => r.status === "SUCCEEDED" && r.redrive_count === 1)).toBe(true);
  });

  it("replays in bulk under names suffixed with the bulk action's id, with lineage", async () => {
    const started = (await createBulkAction(
      db,
      operator,
      { action: "replay", filters: "stateMachine=Report", dryRun: false },
      now,
    )) as BulkStarted;
    expect(started.items).toBe(3);
    expect(await processBulkAction(db, BigInt(started.id), aws)).toBe("done");
    const view = await getBulkAction(db, BigInt(started.id));
    expect(view.state).toBe("DONE");
    expect(view.items.map((i) => i.resultExecutionArn?.split(":").at(-1)).sort()).toEqual(
      [0, 1, 2].map((i) => `report-${i}-bulk-${started.id}`),
    );
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM executions r JOIN executions o ON o.id = r.replay_of_execution_id WHERE r.name = o.name || $1",
      [`-bulk-${started.id}`],
    );
    expect(rows[0]!.n).toBe(3);
  });
});
