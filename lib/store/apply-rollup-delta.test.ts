import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { seedDemoOnFirstStart } from "../ingest/seed-demo";
import { storeExecution } from "./store-execution";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const one = async <T>(sql: string, params: unknown[] = []): Promise<T> =>
  (await db.pool.query(sql, params)).rows[0] as T;
const uploads = { kind: "UPLOAD", name: "uploads" } as const;

describe("applyAnalyticsDelta (through storeExecution)", () => {
  it("keeps a progressed execution counted once, under its latest status", async () => {
    const running = buildExecutionHistory({ name: "prog", stateMachineName: "progress", status: "RUNNING", tasks: 2 });
    await storeExecution(db, running.parsed, running.derived, uploads);
    const failed = buildExecutionHistory({ name: "prog", stateMachineName: "progress", status: "FAILED", tasks: 3 });
    await storeExecution(db, failed.parsed, failed.derived, uploads);
    const hourly = await one<{ total: number; running: number; failed: number }>(
      `SELECT sum(total)::int AS total, sum(running)::int AS running, sum(failed)::int AS failed FROM execution_hourly_rollups h
         JOIN state_machines m ON m.id = h.state_machine_id WHERE m.name = 'progress'`,
    );
    expect(hourly).toEqual({ total: 1, running: 0, failed: 1 });
    const groups = await one<{ n: number; count: number }>(
      `SELECT count(DISTINCT f.signature)::int AS n, sum(f.count)::int AS count FROM failure_signature_daily_rollups f
         JOIN state_machines m ON m.id = f.state_machine_id WHERE m.name = 'progress'`,
    );
    expect(groups).toEqual({ n: 1, count: 1 });
  });

  it("groups failures with different ARNs and step numbers in the cause under one signature", async () => {
    for (const [name, tasks] of [
      ["a", 3],
      ["b", 3],
      ["c", 5],
    ] as const) {
      const built = buildExecutionHistory({ name: `sig-${name}`, stateMachineName: "sig", status: "FAILED", tasks });
      await storeExecution(db, built.parsed, built.derived, uploads);
    }
    const { rows } = await db.pool.query<{ root_cause_state: string; normalized_cause: string; count: number }>(
      `SELECT s.root_cause_state, s.normalized_cause, sum(f.count)::int AS count FROM failure_signatures s
         JOIN failure_signature_daily_rollups f USING (signature) JOIN state_machines m ON m.id = s.state_machine_id
        WHERE m.name = 'sig' GROUP BY 1, 2 ORDER BY 1`,
    );
    // Step3 twice (a, b), Step5 once: the state is part of the signature, the number in the cause is not.
    expect(rows).toEqual([
      { root_cause_state: "Step3", normalized_cause: "worker crashed at step <n>", count: 2 },
      { root_cause_state: "Step5", normalized_cause: "worker crashed at step <n>", count: 1 },
    ]);
  });

  it("agrees with the raw tables after seeding the demo corpus", async () => {
    await seedDemoOnFirstStart(db, new Date("2025-06-01T12:00:00.000Z"));
    const totals = await one<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM executions) AS executions,
      (SELECT sum(total)::int FROM execution_hourly_rollups) AS hourly,
      (SELECT count(*)::int FROM executions WHERE duration_ms IS NOT NULL) AS ended,
      (SELECT sum(count)::int FROM execution_duration_hourly_rollups) AS histogram,
      (SELECT sum(count)::int FROM execution_duration_daily_rollups) AS daily_histogram,
      (SELECT sum(billable_transitions)::int FROM executions) AS transitions,
      (SELECT sum(billable_transitions)::int FROM execution_cost_daily_rollups) AS cost_transitions,
      (SELECT count(*)::int FROM executions WHERE status IN ('FAILED', 'TIMED_OUT')) AS failures,
      (SELECT sum(count)::int FROM failure_signature_daily_rollups) AS grouped,
      (SELECT count(*)::int FROM executions WHERE status IN ('FAILED', 'TIMED_OUT') AND failure_signature IS NULL) AS unsigned,
      (SELECT sum(retry_count)::int FROM state_runs) AS retries,
      (SELECT sum(retries)::int FROM state_daily_rollups) AS state_retries,
      (SELECT count(*)::int FROM state_runs) AS runs,
      (SELECT sum(runs)::int FROM state_daily_rollups) AS state_runs,
      (SELECT count(*)::int FROM failure_signatures) AS signatures`);
    expect(totals["hourly"]).toBe(totals["executions"]);
    expect(totals["histogram"]).toBe(totals["ended"]);
    expect(totals["daily_histogram"]).toBe(totals["ended"]);
    expect(totals["cost_transitions"]).toBe(totals["transitions"]);
    expect(totals["grouped"]).toBe(totals["failures"]);
    expect(totals["unsigned"]).toBe(0);
    expect(totals["state_retries"]).toBe(totals["retries"]);
    expect(totals["state_runs"]).toBe(totals["runs"]);
    expect(totals["failures"]).toBeGreaterThan(0);
    // Demo failures repeat with different ids: far fewer groups than failures.
    expect(totals["signatures"]).toBeLessThan(totals["failures"]!);
    const emails = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM failure_signatures WHERE error = 'User.AlreadyExists'",
    );
    expect(emails.n).toBe(1);
  });
});
