import { spawn, type ChildProcess } from "node:child_process";
import { makeWorkerUtils } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { enqueueSourceSync } from "./sync-task-list";

let db: TestDatabase;
let fake: FakeAws;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeAws();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await fake.close();
  await db.drop();
});

/** `npm run worker` as a real process of its own. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["bin/worker.mjs"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      AWS_ACCESS_KEY_ID: "AKIDKILL",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_PROFILE: "",
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      STEPSCOPE_WORKER_CONCURRENCY: "3",
      STEPSCOPE_WORKER_STALE_JOB_SECONDS: "1",
      NODE_NO_WARNINGS: "1",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[worker ${child.pid}] ${chunk.toString("utf8")}`));
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) {
      const jobs = await db.pool
        .query("SELECT task_identifier, locked_by, attempts, last_error, run_at FROM graphile_worker.jobs")
        .catch(() => ({ rows: [] }));
      const source = await db.pool.query("SELECT sync_state, sync_progress, last_error FROM sources");
      const stored = await db.pool.query("SELECT name, event_count, history_complete FROM executions ORDER BY name");
      throw new Error(
        `timed out waiting for ${what}: jobs ${JSON.stringify(jobs.rows)}, sources ${JSON.stringify(source.rows)}, executions ${JSON.stringify(stored.rows)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a sync worker killed mid-sync", () => {
  it(
    "is continued by the next workers from what was stored: nothing lost, nothing doubled, no page fetched twice",
    { timeout: 240_000 },
    async () => {
      const start = Date.now() - 86_400_000;
      // 6 pages each (5 pages, then a checkpoint store): a kill can land inside a history.
      const executions = addExecutionsToFake(
        fake.state,
        Array.from(
          { length: 6 },
          (_, i) =>
            buildExecutionHistory({
              name: `k${i}`,
              tasks: 1_100,
              stateMachineName: "Killed",
              startDate: new Date(start + i * 1000).toISOString(),
            }).parsed,
        ),
      );
      // Slow pages, so the kill finds the sync under way.
      fake.faults.push({ op: "GetExecutionHistory", kind: "slow", delayMs: 250, times: 1_000 });
      const { rows } = await db.pool.query<{ id: number }>(
        "INSERT INTO sources (kind, name, region, endpoint) VALUES ('AWS', 'killed', 'us-east-1', $1) RETURNING id",
        [fake.url],
      );
      const sourceId = rows[0]!.id;

      const first = startWorker();
      const utils = await makeWorkerUtils({ connectionString: db.url });
      await utils.migrate();
      await enqueueSourceSync(utils, sourceId);
      // Killed once a checkpoint has stored part of a history.
      await waitFor("a checkpoint", async () => {
        const { rows: partial } = await db.pool.query(
          "SELECT 1 FROM executions WHERE source_id = $1 AND NOT history_complete AND event_count > 0",
          [sourceId],
        );
        return partial.length > 0 ? true : null;
      });
      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("exit", resolve));
      const callsAtKill = fake.calls.length;
      const atKill = await db.pool.query<{ execution_arn: string; event_count: number; history_complete: boolean }>(
        "SELECT execution_arn, event_count, history_complete FROM executions WHERE source_id = $1",
        [sourceId],
      );
      expect(atKill.rows.filter((r) => r.history_complete).length).toBeLessThan(executions.length);
      const resumedMidHistory = atKill.rows
        .filter((r) => !r.history_complete && r.event_count > 0)
        .map((r) => r.execution_arn);
      expect(resumedMidHistory.length).toBeGreaterThan(0);

      // The next run: two new workers (and the next scheduled sync of the source).
      startWorker();
      startWorker();
      await enqueueSourceSync(utils, sourceId);
      await utils.release();
      const total = executions.reduce((sum, e) => sum + e.events.length, 0);
      await waitFor("every execution stored", async () => {
        const { rows: done } = await db.pool.query<{ n: number; events: number }>(
          "SELECT count(*)::int AS n, COALESCE(sum(event_count), 0)::int AS events FROM executions WHERE source_id = $1 AND history_complete",
          [sourceId],
        );
        return done[0]!.n === executions.length && done[0]!.events === total ? true : null;
      });

      for (const execution of executions) {
        const { rows: stored } = await db.pool.query<{ event_id: number }>(
          "SELECT h.event_id FROM history_events h JOIN executions e ON e.id = h.execution_id WHERE e.execution_arn = $1 ORDER BY h.event_id",
          [execution.executionArn],
        );
        expect(stored.map((r) => r.event_id)).toEqual(execution.events.map((e) => e.id));
      }
      const after = fake.calls.slice(callsAtKill).filter((c) => c.op === "GetExecutionHistory" && c.outcome === "ok");
      const pages = after.map(
        (c) =>
          `${String(c.body["executionArn"])}|${String(c.body["nextToken"] ?? "")}|${String(c.body["reverseOrder"])}`,
      );
      expect(new Set(pages).size).toBe(pages.length);
      // A history cut by the kill is read on from its last stored event (newest first, down to it), not from its start.
      for (const arn of resumedMidHistory) {
        const reads = after.filter((c) => c.body["executionArn"] === arn);
        expect(reads.length).toBeGreaterThan(0);
        expect(reads.every((c) => c.body["reverseOrder"] === true)).toBe(true);
      }
    },
  );
});
