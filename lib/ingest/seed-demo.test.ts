import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { connectDatabase } from "../db/database";
import { getStatusCounts } from "../queries/get-status-counts";
import { listSources } from "../queries/list-sources";
import { listStateMachines } from "../queries/list-state-machines";
import { runExampleExecutions } from "../examples/run-example-executions";
import { deriveHistory } from "../history/derive-history";
import { storeExecution } from "@/lib/store/store-execution";
import { demoExecutionCount, demoSourceName, removeDemoSource, seedDemoOnFirstStart } from "./seed-demo";

const NOW = new Date("2025-06-01T12:00:00.000Z");

let db: TestDatabase;

beforeEach(async () => {
  db = await createTestDatabase();
});

afterEach(async () => {
  await db?.drop();
});

async function counts(): Promise<{ executions: number; events: number; demoSources: number }> {
  const { rows } = await db.pool.query<{ executions: number; events: number; demoSources: number }>(
    `SELECT (SELECT count(*)::int FROM executions) AS executions, (SELECT count(*)::int FROM history_events) AS events,
            (SELECT count(*)::int FROM sources WHERE name = $1) AS "demoSources"`,
    [demoSourceName],
  );
  const row = rows[0];
  if (row === undefined) throw new Error("no counts");
  return row;
}

describe("seedDemoOnFirstStart", () => {
  it("seeds the demo source once: a second start returns 0 and stores nothing new", async () => {
    expect(await seedDemoOnFirstStart(db, NOW)).toBe(demoExecutionCount);
    const seeded = await counts();
    expect(seeded.executions).toBe(demoExecutionCount);
    expect(seeded.demoSources).toBe(1);
    const { rows } = await db.pool.query<{ is_demo: boolean; kind: string }>(
      "SELECT is_demo, kind::text AS kind FROM sources WHERE name = $1",
      [demoSourceName],
    );
    expect(rows).toEqual([{ is_demo: true, kind: "DEMO" }]);

    expect(await seedDemoOnFirstStart(db, new Date(NOW.getTime() + 86_400_000))).toBe(0);
    expect(await counts()).toEqual(seeded);
  });

  it("never seeds again after the demo source was removed", async () => {
    await seedDemoOnFirstStart(db, NOW);
    expect(await removeDemoSource(db)).toEqual({ executionsRemoved: demoExecutionCount });
    expect(await counts()).toEqual({ executions: 0, events: 0, demoSources: 0 });
    expect(await seedDemoOnFirstStart(db, NOW)).toBe(0);
    expect(await counts()).toEqual({ executions: 0, events: 0, demoSources: 0 });
  });

  it("leaves no demo source, state machine or status count behind once the demo source is removed", async () => {
    await seedDemoOnFirstStart(db, NOW);
    expect((await getStatusCounts(db.prisma)).reduce((sum, c) => sum + c.count, 0)).toBe(demoExecutionCount);
    expect((await listStateMachines(db.prisma)).length).toBeGreaterThan(0);
    await removeDemoSource(db);
    expect((await getStatusCounts(db.prisma)).filter((c) => c.count !== 0)).toEqual([]);
    expect(await listStateMachines(db.prisma)).toEqual([]);
    expect(await listSources(db)).toEqual([]);
  });

  it("keeps another source's executions of a demo state machine when the demo source is removed", async () => {
    await seedDemoOnFirstStart(db, NOW);
    // An upload of an execution of a state machine the demo source stored first.
    const [other] = await runExampleExecutions({ seed: 99, count: 1, now: NOW });
    const renamed = {
      ...other!,
      identity: { ...other!.identity, executionArn: `${other!.identity.executionArn}-upload`, name: "uploaded" },
    };
    await storeExecution(db, renamed, deriveHistory(renamed.events), { kind: "UPLOAD", name: "upload" });
    await removeDemoSource(db);
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    expect(rows[0]!.n).toBe(1);
    const machines = await listStateMachines(db.prisma);
    expect(machines.map((m) => [m.arn, m.sourceName, m.executions])).toEqual([
      [renamed.identity.stateMachineArn, "upload", 1],
    ]);
    expect((await getStatusCounts(db.prisma)).reduce((sum, c) => sum + c.count, 0)).toBe(1);
  });

  it("seeds once when two processes start at the same time", async () => {
    // The second "process": its own pool and Prisma client on the same database.
    const other = connectDatabase(db.url, { max: 3 });
    try {
      const results = await Promise.all([seedDemoOnFirstStart(db, NOW), seedDemoOnFirstStart(other, NOW)]);
      expect([...results].sort((a, b) => a - b)).toEqual([0, demoExecutionCount]);
    } finally {
      await other.prisma.$disconnect();
      await other.pool.end();
    }
    expect((await counts()).executions).toBe(demoExecutionCount);
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM app_settings WHERE key = 'demo.seeded'",
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("stores in batches exactly what storing each execution alone stores, reporting progress", async () => {
    const progress: number[] = [];
    await seedDemoOnFirstStart(db, NOW, { onProgress: (stored) => progress.push(stored) });
    expect(progress).toEqual([0, 40, 80, 120, 160, 200, 240]);
    const alone = await createTestDatabase();
    try {
      for (const parsed of await runExampleExecutions({ seed: 20261121, count: demoExecutionCount, now: NOW }))
        await storeExecution(alone, parsed, deriveHistory(parsed.events), { kind: "DEMO", name: demoSourceName });
      expect(await fingerprint(db)).toEqual(await fingerprint(alone));
    } finally {
      await alone.drop();
    }
  }, 180_000);
});

/** What the pages read of a database, without generated ids: executions, state runs and every rollup. */
async function fingerprint(d: TestDatabase): Promise<Record<string, unknown[]>> {
  const tables = {
    executions: `SELECT e.execution_arn, e.status, e.start_date, e.stop_date, e.error, e.root_cause_state, e.event_count,
                        e.billable_transitions, e.retries, e.failure_signature, p.execution_arn AS parent
                   FROM executions e LEFT JOIN executions p ON p.id = e.parent_execution_id ORDER BY 1`,
    stateRuns: `SELECT e.execution_arn, r.key, r.status, r.retry_count FROM state_runs r JOIN executions e ON e.id = r.execution_id ORDER BY 1, 2`,
    daily: `SELECT m.arn, r.day, r.total, r.succeeded, r.failed, r.timed_out, r.aborted, r.running, r.billable_transitions, r.retries
              FROM execution_daily_rollups r JOIN state_machines m ON m.id = r.state_machine_id ORDER BY 1, 2`,
    states: `SELECT m.arn, r.day, r.state_name, r.runs, r.transitions, r.attempts, r.retries, r.retries_exhausted
               FROM state_daily_rollups r JOIN state_machines m ON m.id = r.state_machine_id ORDER BY 1, 2, 3`,
    failures: `SELECT signature, day, count FROM failure_signature_daily_rollups ORDER BY 1, 2`,
    durations: `SELECT m.arn, r.hour, r.bucket, r.count FROM execution_duration_hourly_rollups r
                  JOIN state_machines m ON m.id = r.state_machine_id ORDER BY 1, 2, 3`,
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(tables)) out[name] = (await d.pool.query(sql)).rows;
  return out;
}
