import { makeWorkerUtils, type Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "@/lib/db/database";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { startSyncWorker } from "./start-sync-worker";
import { enqueueSourceSync } from "./sync-task-list";

let db: TestDatabase;
let fake: FakeAws;
/** The workers' own pool: each running job holds a connection for its execution locks. */
let workerDb: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  workerDb = connectDatabase(db.url, { max: 30 });
  fake = await startFakeAws();
});
afterAll(async () => {
  await fake.close();
  await workerDb.pool.end();
  await db.drop();
});

async function waitForIdle(
  sourceId: number,
  timeoutMs = 60_000,
): Promise<{ sync_state: string; sync_progress: Record<string, unknown> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.pool.query<{
      sync_state: string;
      sync_progress: Record<string, unknown>;
      last_sync_at: Date | null;
    }>("SELECT sync_state, sync_progress, last_sync_at FROM sources WHERE id = $1", [sourceId]);
    if (rows[0]?.last_sync_at && rows[0].sync_state !== "RUNNING") return rows[0];
    if (Date.now() > deadline) throw new Error(`source still ${JSON.stringify(rows[0])}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("sync workers (graphile-worker)", () => {
  it("two workers share one sync, never fetching the same page twice", { timeout: 90_000 }, async () => {
    const start = Date.now() - 86_400_000;
    const executions = addExecutionsToFake(
      fake.state,
      Array.from(
        { length: 24 },
        (_, i) =>
          buildExecutionHistory({
            name: `w${i}`,
            tasks: 250,
            stateMachineName: "Workers",
            startDate: new Date(start + i * 1000).toISOString(),
          }).parsed,
      ),
    );
    const { rows } = await db.pool.query<{ id: number }>(
      "INSERT INTO sources (kind, name, region, endpoint) VALUES ('AWS', 'workers', 'us-east-1', $1) RETURNING id",
      [fake.url],
    );
    const sourceId = rows[0]!.id;
    const ran = new Map<string, number>();
    const workers: Runner[] = [];
    for (const name of ["a", "b"]) {
      workers.push(
        await startSyncWorker(workerDb, {
          concurrency: 4,
          schedule: false,
          pollIntervalMs: 100,
          credentials: { accessKeyId: "AKIDW", secretAccessKey: "s" },
          onJob: (task) => ran.set(`${name}:${task}`, (ran.get(`${name}:${task}`) ?? 0) + 1),
        }),
      );
    }
    try {
      const utils = await makeWorkerUtils({ pgPool: db.pool });
      await enqueueSourceSync(utils, sourceId);
      await utils.release();
      const done = await waitForIdle(sourceId);
      expect(done.sync_state).toBe("IDLE");
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const { rows: stored } = await db.pool.query<{ n: number; events: number }>(
      "SELECT count(*)::int AS n, sum(event_count)::int AS events FROM executions WHERE source_id = $1",
      [sourceId],
    );
    expect(stored[0]).toEqual({ n: 24, events: executions.reduce((sum, e) => sum + e.events.length, 0) });
    const pages = fake.calls
      .filter((c) => c.op === "GetExecutionHistory" && c.outcome === "ok")
      .map(
        (c) =>
          `${String(c.body["executionArn"])}|${String(c.body["nextToken"] ?? "")}|${String(c.body["reverseOrder"])}`,
      );
    expect(new Set(pages).size).toBe(pages.length);
    expect(ran.get("a:stepscope_sync_execution") ?? 0).toBeGreaterThan(0);
    expect(ran.get("b:stepscope_sync_execution") ?? 0).toBeGreaterThan(0);
  });
});
