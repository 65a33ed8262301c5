import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { applyRetention } from "./apply-retention";
import { readDataVersion, versionOf } from "../db/data-version";
import {
  dropExpiredExecutionPartitions,
  ensureExecutionPartitions,
  listMonthPartitions,
  MONTHLY_TABLES,
} from "./execution-partitions";
import { storeExecution, type SourceRef } from "./store-execution";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const uploads = { kind: "UPLOAD", name: "uploads" } as const;
const archive = { kind: "UPLOAD", name: "archive" } as const;

async function store(name: string, startDate: string, source: SourceRef = uploads, status?: "RUNNING") {
  const { parsed, derived } = buildExecutionHistory({ name, startDate, ...(status ? { status } : {}) });
  const { executionId } = await storeExecution(db, parsed, derived, source);
  return executionId;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}

async function rowsOf(executionId: string) {
  const params = [executionId];
  return {
    executions: await count("SELECT count(*)::int AS n FROM executions WHERE id = $1", params),
    events: await count("SELECT count(*)::int AS n FROM history_events WHERE execution_id = $1", params),
    runs: await count("SELECT count(*)::int AS n FROM state_runs WHERE execution_id = $1", params),
    attempts: await count(
      "SELECT count(*)::int AS n FROM attempts a JOIN state_runs r ON r.id = a.state_run_id WHERE r.execution_id = $1",
      params,
    ),
    payloadNumbers: await count(
      "SELECT count(*)::int AS n FROM execution_payload_numbers WHERE execution_id = $1",
      params,
    ),
  };
}

/** Rows of every rollup table. */
async function rollupRows(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ relname: string }>(
    "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE '%\\_rollups' AND relnamespace = current_schema()::regnamespace ORDER BY 1",
  );
  const counts: Record<string, number> = {};
  for (const { relname } of rows) counts[relname] = await count(`SELECT count(*)::int AS n FROM ${relname}`);
  return counts;
}

const gone = { executions: 0, events: 0, runs: 0, attempts: 0, payloadNumbers: 0 };

describe("applyRetention by whole months", () => {
  it("drops every table's partition of a month all sources have expired; keeps a running execution's month and a longer-kept source's rows", async () => {
    for (const month of ["2025-02-15", "2025-03-15", "2025-04-15", "2025-05-15"])
      await ensureExecutionPartitions(db.pool, new Date(month), 0);
    const marchEnded = await store("march-ended", "2025-03-10T10:00:00.000Z");
    const marchArchived = await store("march-archived", "2025-03-11T10:00:00.000Z", archive);
    const februaryRunning = await store("february-running", "2025-02-10T10:00:00.000Z", uploads, "RUNNING");
    const februaryEnded = await store("february-ended", "2025-02-11T10:00:00.000Z");
    const aprilArchived = await store("april-archived", "2025-04-05T10:00:00.000Z", archive);
    const aprilEnded = await store("april-ended", "2025-04-06T10:00:00.000Z");
    const june = await store("june", "2025-06-20T10:00:00.000Z");
    expect(await rowsOf(marchEnded)).toMatchObject({ executions: 1, payloadNumbers: expect.any(Number) });
    expect((await rowsOf(marchEnded)).attempts).toBeGreaterThan(0);
    expect((await rowsOf(marchEnded)).payloadNumbers).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM state_runs_p2025_03")).toBeGreaterThan(0);
    const rollups = await rollupRows();
    expect(Object.values(rollups).some((n) => n > 0)).toBe(true);
    // A month a stopped pass detached but did not drop yet.
    await db.pool.query("CREATE TABLE state_runs_p2024_01 (id bigint)");

    // uploads keep 30 days (cutoff 2025-05-31), archive 90 (cutoff 2025-04-01): only February and
    // March end before both; February holds a running execution.
    const outcome = await applyRetention(
      db.pool,
      { default: { executionDays: 30, rollupDays: 365 }, sources: { archive: { executionDays: 90 } } },
      { now: new Date("2025-06-30T12:00:00.000Z") },
    );

    expect(outcome.partitionsDropped).toEqual(["history_events_p2025_03"]);
    expect(await count("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'state_runs_p2024_01'")).toBe(0);
    for (const table of MONTHLY_TABLES) {
      const names = (await listMonthPartitions(db.pool, table)).map((p) => p.name);
      expect(names).not.toContain(`${table}_p2025_03`);
      expect(names).toContain(`${table}_p2025_02`);
      expect(names).toContain(`${table}_p2025_04`);
    }
    expect(await rowsOf(marchEnded)).toEqual(gone);
    expect(await rowsOf(marchArchived)).toEqual(gone);
    // The running execution's month stays; its ended neighbour goes row by row.
    const running = await rowsOf(februaryRunning);
    expect(running.executions).toBe(1);
    expect(running.events).toBeGreaterThan(0);
    expect(running.runs).toBeGreaterThan(0);
    expect(await rowsOf(februaryEnded)).toEqual(gone);
    // archive keeps April; uploads' April is past its 30 days.
    const archived = await rowsOf(aprilArchived);
    expect(archived.executions).toBe(1);
    expect(archived.events).toBeGreaterThan(0);
    expect(archived.attempts).toBeGreaterThan(0);
    expect(archived.payloadNumbers).toBeGreaterThan(0);
    expect(await rowsOf(aprilEnded)).toEqual(gone);
    expect((await rowsOf(june)).executions).toBe(1);
    expect(outcome.sources.find((s) => s.name === "uploads")).toMatchObject({ executionsRemoved: 3, runningKept: 1 });
    expect(outcome.sources.find((s) => s.name === "archive")).toMatchObject({ executionsRemoved: 1, runningKept: 0 });
    // Rollups are kept 365 days: every row stays.
    expect(await rollupRows()).toEqual(rollups);
  });

  it("drops no month when a source keeps its executions forever", async () => {
    await ensureExecutionPartitions(db.pool, new Date("2025-01-15"), 0);
    const january = await store("january-archived", "2025-01-10T10:00:00.000Z", archive);
    const outcome = await applyRetention(
      db.pool,
      { default: { executionDays: 30, rollupDays: null }, sources: { archive: { executionDays: null } } },
      { now: new Date("2025-06-30T12:00:00.000Z") },
    );
    expect(outcome.partitionsDropped).toEqual([]);
    expect((await rowsOf(january)).executions).toBe(1);
  });

  it("moves the cached figures' version when a month goes, though a DETACH writes no row", async () => {
    await ensureExecutionPartitions(db.pool, new Date("2024-07-15"), 0);
    const july = await store("july-2024", "2024-07-10T10:00:00.000Z");
    // A read holds the executions table: the drop waits for it (NOWAIT tries, 50 ms apart), after
    // the month's links and map runs are cleared, so the version read meanwhile is the one a page
    // would cache while the month is still there.
    const reader = await db.pool.connect();
    const dropper = await db.pool.connect();
    try {
      await reader.query("BEGIN");
      await reader.query("SELECT count(*) FROM executions");
      const dropping = dropExpiredExecutionPartitions(dropper, new Date("2024-08-01T00:00:00.000Z"), 200, 50);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const seenDuringWait = versionOf(await readDataVersion(db.pool), "production", "history_events");
      expect((await rowsOf(july)).executions).toBe(1);
      await reader.query("COMMIT");
      const dropped = await dropping;
      expect(dropped.map((d) => d.name)).toEqual(["history_events_p2024_07"]);
      expect((await rowsOf(july)).executions).toBe(0);
      expect(Number(versionOf(await readDataVersion(db.pool), "production", "history_events"))).toBeGreaterThan(
        Number(seenDuringWait),
      );
    } finally {
      reader.release();
      dropper.release();
    }
  });
});
