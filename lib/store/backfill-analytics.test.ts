import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { runExampleExecutions } from "../examples/run-example-executions";
import { deriveHistory } from "../history/derive-history";
import { storeExecution } from "./store-execution";
import { getAnalyticsBackfillStatus } from "../queries/get-analytics-backfill-status";
import { analyticsBackfilledKey, analyticsMigrationName } from "./backfill-progress";
import { backfillAnalytics, startAnalyticsBackfill } from "./backfill-analytics";

// Two databases given the same ingests: `fresh` counted by ingestion, `legacy` wiped to
// look like an install whose executions predate the analytics migration, then backfilled.
let fresh: TestDatabase;
let legacy: TestDatabase;
beforeAll(async () => {
  [fresh, legacy] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([fresh?.drop(), legacy?.drop()]);
});

const uploads = { kind: "UPLOAD", name: "uploads" } as const;

const ROLLUPS = {
  execution_hourly_rollups: "hour, state_machine_id, source_id",
  execution_duration_hourly_rollups: "hour, state_machine_id, source_id, bucket",
  execution_duration_daily_rollups: "day, state_machine_id, source_id, bucket",
  execution_cost_daily_rollups: "day, state_machine_id, source_id",
  state_daily_rollups: "day, state_machine_id, source_id, state_name",
  state_retry_error_daily_rollups: "day, state_machine_id, source_id, state_name, error",
  failure_signature_daily_rollups: "day, signature, source_id",
} as const;

/** Every analytics table and the executions' signatures, in a stable order. */
async function snapshot(db: TestDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(ROLLUPS)) {
    out[table] = (await db.pool.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows;
  }
  out["failure_signatures"] = (
    await db.pool.query(
      "SELECT signature, state_machine_id, root_cause_state, error, normalized_cause FROM failure_signatures ORDER BY signature",
    )
  ).rows;
  out["executions"] = (await db.pool.query("SELECT id, failure_signature FROM executions ORDER BY id")).rows;
  return out;
}

/** Forgets all analytics, as before the migration, and records the migration as just applied. */
async function wipeAnalytics(db: TestDatabase): Promise<void> {
  await db.pool.query(`TRUNCATE ${Object.keys(ROLLUPS).join(", ")}, failure_signatures`);
  await db.pool.query("UPDATE executions SET failure_signature = NULL");
  await db.pool.query("DELETE FROM app_settings WHERE key LIKE 'analytics.%'");
  await db.pool.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp() WHERE migration_name = $1`, [
    analyticsMigrationName,
  ]);
}

async function ingest(db: TestDatabase, built: ReturnType<typeof buildExecutionHistory>): Promise<void> {
  await storeExecution(db, built.parsed, built.derived, uploads);
}

async function ingestCorpus(db: TestDatabase): Promise<void> {
  for (const parsed of await runExampleExecutions({ seed: 7, count: 60, now: new Date("2025-06-01T12:00:00.000Z") })) {
    await storeExecution(db, parsed, deriveHistory(parsed.events), { kind: "DEMO", name: "demo" });
  }
  await ingest(
    db,
    buildExecutionHistory({ name: "retry-ok", stateMachineName: "bf", status: "SUCCEEDED", tasks: 4, retryEvery: 2 }),
  );
  await ingest(
    db,
    buildExecutionHistory({ name: "retry-failed", stateMachineName: "bf", status: "FAILED", tasks: 3, retryEvery: 1 }),
  );
  await ingest(db, buildExecutionHistory({ name: "progressing", stateMachineName: "bf", status: "RUNNING", tasks: 2 }));
}

describe("backfillAnalytics", () => {
  it("counts executions stored before the analytics migration as ingestion does", async () => {
    await Promise.all([ingestCorpus(fresh), ingestCorpus(legacy)]);
    const expected = await snapshot(fresh);
    expect(expected["failure_signature_daily_rollups"]!.length).toBeGreaterThan(0);
    expect(expected["state_retry_error_daily_rollups"]!.length).toBeGreaterThan(0);
    // A fresh install's executions all postdate the migration: nothing to do.
    expect(await backfillAnalytics(fresh)).toBe(0);
    expect(await snapshot(fresh)).toEqual(expected);

    await wipeAnalytics(legacy);
    expect((await snapshot(legacy))["execution_hourly_rollups"]).toEqual([]);
    const { rows } = await legacy.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    const got = await backfillAnalytics(legacy, { batchSize: 7 });
    expect(got).toBe(rows[0]!.n);
    expect(await snapshot(legacy)).toEqual(expected);
  });

  it("changes nothing when run again, and a later re-store moves the counts as in a fresh install", async () => {
    const before = await snapshot(legacy);
    expect(await backfillAnalytics(legacy)).toBe(0);
    expect(await snapshot(legacy)).toEqual(before);
    const marker = await legacy.pool.query("SELECT value FROM app_settings WHERE key = $1", [analyticsBackfilledKey]);
    expect(marker.rowCount).toBe(1);

    const progressed = buildExecutionHistory({
      name: "progressing",
      stateMachineName: "bf",
      status: "FAILED",
      tasks: 4,
    });
    await Promise.all([ingest(fresh, progressed), ingest(legacy, progressed)]);
    expect(await snapshot(legacy)).toEqual(await snapshot(fresh));
  });

  it("counts once when two processes backfill at the same time", async () => {
    const expected = await snapshot(fresh);
    await wipeAnalytics(legacy);
    const counted = await Promise.all([
      backfillAnalytics(legacy, { batchSize: 5 }),
      backfillAnalytics(legacy, { batchSize: 5 }),
    ]);
    const { rows } = await legacy.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    expect(counted[0]! + counted[1]!).toBe(rows[0]!.n);
    expect(Math.min(...counted)).toBe(0);
    expect(await snapshot(legacy)).toEqual(expected);
  });

  it("reports its progress to the pages while it runs, and complete after; in the background it never throws", async () => {
    const expected = await snapshot(fresh);
    await wipeAnalytics(legacy);
    const { rows } = await legacy.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    const total = rows[0]!.n;
    expect(await getAnalyticsBackfillStatus(legacy)).toEqual({ state: "running", counted: 0, total });
    await expect(
      backfillAnalytics(legacy, {
        batchSize: 10,
        onProgress: (counted) => {
          if (counted === 20) throw new Error("stop after two batches");
        },
      }),
    ).rejects.toThrow("stop after two batches");
    expect(await getAnalyticsBackfillStatus(legacy)).toEqual({ state: "running", counted: 20, total });
    const log = { info: vi.fn(), error: vi.fn() };
    await startAnalyticsBackfill(legacy, log);
    expect(log.info).toHaveBeenCalledWith(
      expect.stringContaining(`the ${(total - 20).toLocaleString("en")} executions stored before them`),
    );
    expect(await getAnalyticsBackfillStatus(legacy)).toEqual({ state: "complete" });
    expect(await getAnalyticsBackfillStatus(fresh)).toEqual({ state: "complete" });
    expect(await snapshot(legacy)).toEqual(expected);

    const broken = { pool: { connect: () => Promise.reject(new Error("database is gone")) } } as unknown as Parameters<
      typeof startAnalyticsBackfill
    >[0];
    await startAnalyticsBackfill(broken, log);
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining("database is gone"));
  });

  it("resumes after the last committed batch", async () => {
    const expected = await snapshot(fresh);
    await wipeAnalytics(legacy);
    let batches = 0;
    await expect(
      backfillAnalytics(legacy, {
        batchSize: 10,
        onProgress: () => {
          batches += 1;
          if (batches === 2) throw new Error("crash");
        },
      }),
    ).rejects.toThrow("crash");
    const { rows } = await legacy.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    expect(await backfillAnalytics(legacy, { batchSize: 10 })).toBe(rows[0]!.n - 20);
    expect(await snapshot(legacy)).toEqual(expected);
  });

  it("recounts a state machine's day when one of its old executions was re-stored before the backfill", async () => {
    const running = buildExecutionHistory({
      name: "ghost",
      stateMachineName: "bf",
      status: "RUNNING",
      tasks: 2,
      retryEvery: 1,
    });
    await Promise.all([ingest(fresh, running), ingest(legacy, running)]);
    await wipeAnalytics(legacy);
    // Stored again after the migration: ingestion subtracts its (never added) RUNNING share.
    const failed = buildExecutionHistory({
      name: "ghost",
      stateMachineName: "bf",
      status: "FAILED",
      tasks: 5,
      retryEvery: 1,
    });
    await Promise.all([ingest(fresh, failed), ingest(legacy, failed)]);
    await backfillAnalytics(legacy, { batchSize: 9 });
    expect(await snapshot(legacy)).toEqual(await snapshot(fresh));
  });

  it("recounts it too when the re-store fell in the migration's last millisecond (times are kept to the ms)", async () => {
    const build = (status: "RUNNING" | "FAILED", tasks: number) =>
      buildExecutionHistory({ name: "ghost-ms", stateMachineName: "bf", status, tasks, retryEvery: 1 });
    await Promise.all([ingest(fresh, build("RUNNING", 2)), ingest(legacy, build("RUNNING", 2))]);
    await wipeAnalytics(legacy);
    await Promise.all([ingest(fresh, build("FAILED", 3)), ingest(legacy, build("FAILED", 3))]);
    // The re-store's true time was up to half a millisecond after its rounded updated_at: put the
    // migration's end between the two, as when the server stored it right after migrating.
    await legacy.pool.query(
      `UPDATE "_prisma_migrations" SET finished_at = (SELECT updated_at FROM executions WHERE name = 'ghost-ms') + interval '400 microseconds'
        WHERE migration_name = $1`,
      [analyticsMigrationName],
    );
    await backfillAnalytics(legacy, { batchSize: 9 });
    expect(await snapshot(legacy)).toEqual(await snapshot(fresh));
  });
});
