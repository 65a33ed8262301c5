import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { importHistoryText } from "../ingest/import-history-text";
import { HistoryInputError } from "../history/history-input-error";
import { applyRetention } from "./apply-retention";
import { retentionPolicyRow } from "./retention-policy-row";
import type { RetentionPolicy } from "@/lib/retention/retention-policy";
import { storeExecution, type SourceRef } from "./store-execution";
import { ensureExecutionPartitions, listMonthPartitions } from "./execution-partitions";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const now = new Date("2025-06-30T12:00:00.000Z");
const uploads = { kind: "UPLOAD", name: "uploads" } as const;
const archive = { kind: "UPLOAD", name: "archive" } as const;
const policy: RetentionPolicy = {
  default: { executionDays: 30, rollupDays: 365 },
  sources: { archive: { executionDays: null, rollupDays: null } },
};

async function store(name: string, startDate: string, source: SourceRef = uploads, status?: "RUNNING" | "FAILED") {
  const { parsed, derived } = buildExecutionHistory({ name, startDate, ...(status ? { status } : {}) });
  const { executionId } = await storeExecution(db, parsed, derived, source);
  return { executionId, executionArn: parsed.identity.executionArn };
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
  };
}

const rollupRowsOn = (day: string) =>
  count("SELECT count(*)::int AS n FROM execution_daily_rollups WHERE day = $1::date", [day]);

describe("applyRetention", () => {
  it("removes expired executions with their events and runs, keeps running ones, rollups and other sources' rows", async () => {
    const expired = await store("expired", "2025-04-01T10:00:00.000Z");
    const expiredFailed = await store("expired-failed", "2025-05-20T10:00:00.000Z", uploads, "FAILED");
    const running = await store("still-running", "2025-04-01T11:00:00.000Z", uploads, "RUNNING");
    const recent = await store("recent", "2025-06-25T10:00:00.000Z");
    const archived = await store("archived", "2025-04-01T12:00:00.000Z", archive);
    const ancient = await store("ancient", "2023-05-03T10:00:00.000Z");
    await retentionPolicyRow.save(db.pool, policy);
    expect((await rowsOf(expired.executionId)).events).toBeGreaterThan(0);
    const aprilRollups = await rollupRowsOn("2025-04-01");

    const outcome = await applyRetention(db.pool, await retentionPolicyRow.read(db.pool), { now, batchSize: 1 });

    expect(outcome.applied).toBe(true);
    expect(outcome.sources.find((s) => s.name === "uploads")).toMatchObject({ executionsRemoved: 3, runningKept: 1 });
    expect(outcome.sources.find((s) => s.name === "archive")).toMatchObject({ executionsRemoved: 0 });
    for (const gone of [expired, expiredFailed, ancient]) {
      expect(await rowsOf(gone.executionId)).toEqual({ executions: 0, events: 0, runs: 0, attempts: 0 });
    }
    for (const kept of [running, recent, archived]) {
      const rows = await rowsOf(kept.executionId);
      expect(rows.executions).toBe(1);
      expect(rows.events).toBeGreaterThan(0);
      expect(rows.runs).toBeGreaterThan(0);
    }
    // The trends outlive the raw histories: April's rollups stay, 2023's are past a year and go.
    expect(await rollupRowsOn("2025-04-01")).toBe(aprilRollups);
    expect(aprilRollups).toBeGreaterThan(0);
    expect(await rollupRowsOn("2023-05-03")).toBe(0);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM execution_duration_weekly_rollups w JOIN sources s ON s.id = w.source_id WHERE s.name = 'uploads' AND week < '2024-06-24'",
      ),
    ).toBe(0);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM execution_duration_weekly_rollups w JOIN sources s ON s.id = w.source_id WHERE s.name = 'uploads' AND week >= '2025-03-31'",
      ),
    ).toBeGreaterThan(0);
  });

  it("drops a month's events partition when every source has expired it, never one holding a running execution", async () => {
    // The April partition is created after its rows were stored: they move out of the default partition.
    for (const month of ["2025-04-15", "2025-05-15", "2025-06-15"])
      await ensureExecutionPartitions(db.pool, new Date(month), 0);
    const running = await count("SELECT count(*)::int AS n FROM history_events_p2025_04");
    expect(running).toBeGreaterThan(0);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM history_events_default WHERE start_date >= '2025-04-01' AND start_date < '2025-05-01'",
      ),
    ).toBe(0);
    const may = await store("may-ended", "2025-05-05T10:00:00.000Z");
    const june = await store("june-ended", "2025-06-02T10:00:00.000Z", archive);
    expect(await count("SELECT count(*)::int AS n FROM history_events_p2025_05")).toBeGreaterThan(0);

    const outcome = await applyRetention(
      db.pool,
      { default: { executionDays: 10, rollupDays: 365 }, sources: {} },
      { now: new Date("2025-07-30T00:00:00.000Z") },
    );

    expect(outcome.partitionsDropped).toEqual(["history_events_p2025_05", "history_events_p2025_06"]);
    // The first pass (as of 2025-06-30) created June to September already.
    expect(outcome.partitionsCreated).toEqual(["history_events_p2025_10"]);
    const names = (await listMonthPartitions(db.pool, "history_events")).map((p) => p.name);
    expect(names).toContain("history_events_p2025_04");
    expect(names).not.toContain("history_events_p2025_05");
    for (const gone of [may, june])
      expect(await rowsOf(gone.executionId)).toEqual({ executions: 0, events: 0, runs: 0, attempts: 0 });
    // April holds a running execution: its partition stays, the ended executions in it go row by row.
    const { rows } = await db.pool.query<{ name: string; events: number }>(
      "SELECT e.name, count(h.*)::int AS events FROM executions e LEFT JOIN history_events h ON h.execution_id = e.id AND h.start_date = e.start_date WHERE e.start_date < '2025-07-20' GROUP BY e.name ORDER BY 1",
    );
    expect(rows.map((r) => r.name)).toEqual(["still-running"]);
    expect(rows.every((r) => r.events > 0)).toBe(true);
  });

  it("does nothing with the default policy (keep everything)", async () => {
    const before = await count("SELECT count(*)::int AS n FROM executions");
    const outcome = await applyRetention(
      db.pool,
      { default: { executionDays: null, rollupDays: null }, sources: {} },
      { now },
    );
    expect(outcome.sources.every((s) => s.executionsRemoved === 0 && s.rollupRowsRemoved === 0)).toBe(true);
    expect(await count("SELECT count(*)::int AS n FROM executions")).toBe(before);
  });
});

describe("importing a history older than the retention", () => {
  const fileOf = (name: string, startDate: string, status?: "RUNNING") => {
    const { parsed } = buildExecutionHistory({ name, startDate, ...(status ? { status } : {}) });
    return { text: JSON.stringify({ events: parsed.events }), executionArn: parsed.identity.executionArn };
  };

  it("is refused with a message naming the cutoff and the policy, and stores nothing", async () => {
    await retentionPolicyRow.save(db.pool, { default: { executionDays: 30, rollupDays: 365 }, sources: {} });
    const old = fileOf("imported-old", "2020-01-02T00:00:00.000Z");
    const refusal = importHistoryText(db, old.text, {
      fileName: "old.json",
      executionArn: old.executionArn,
      source: uploads,
    });
    await expect(refusal).rejects.toBeInstanceOf(HistoryInputError);
    await expect(refusal).rejects.toThrow(
      /old\.json: .*imported-old started 2020-01-02, before the retention cutoff of source 'uploads' \(executions kept 30 days/,
    );
    expect(await count("SELECT count(*)::int AS n FROM executions WHERE name = 'imported-old'")).toBe(0);
  });

  it("stores a recent history, and a running one whatever its age", async () => {
    const recent = fileOf("imported-recent", new Date(Date.now() - 86_400_000).toISOString());
    const running = fileOf("imported-running", "2020-01-02T00:00:00.000Z", "RUNNING");
    for (const [fileName, file] of [
      ["recent.json", recent],
      ["running.json", running],
    ] as const) {
      const result = await importHistoryText(db, file.text, {
        fileName,
        executionArn: file.executionArn,
        source: uploads,
      });
      expect(result.executions[0]).toMatchObject({ created: true });
    }
  });

  it("is stored when the source keeps its executions forever", async () => {
    await retentionPolicyRow.save(db.pool, {
      default: { executionDays: 30, rollupDays: 365 },
      sources: { archive: { executionDays: null, rollupDays: null } },
    });
    const old = fileOf("archived-old", "2020-01-02T00:00:00.000Z");
    const result = await importHistoryText(db, old.text, {
      fileName: "old.json",
      executionArn: old.executionArn,
      source: archive,
    });
    expect(result.executions[0]).toMatchObject({ created: true });
  });
});
