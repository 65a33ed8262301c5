import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import type { StateRun } from "@/lib/history/types";
import { createStoreBatcher } from "./store-batcher";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const source = { kind: "AWS", name: "batched" } as const;

describe("createStoreBatcher", () => {
  it("stores executions handed in together, each once, with the daily rollup counting each", async () => {
    const batcher = createStoreBatcher(db, source, { maxBatch: 4, maxConcurrent: 2 });
    const built = Array.from({ length: 10 }, (_, i) =>
      buildExecutionHistory({ name: `b${i}`, stateMachineName: "Batched", tasks: 3, retryEvery: 2 }),
    );
    const results = await Promise.all(built.map((b) => batcher.store(b.parsed, b.derived)));
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r, i) => r.eventsWritten - built[i]!.parsed.events.length)).toEqual(results.map(() => 0));
    const again = await Promise.all(built.map((b) => batcher.store(b.parsed, b.derived)));
    expect(again.every((r) => !r.created && r.eventsWritten === 0)).toBe(true);
    const { rows } = await db.pool.query<{ total: number }>(
      "SELECT r.total FROM execution_daily_rollups r JOIN state_machines m ON m.id = r.state_machine_id WHERE m.name = 'Batched'",
    );
    expect(rows).toEqual([{ total: 10 }]);
  });

  it("fails only the execution Postgres refuses when it shares a batch with others", async () => {
    const batcher = createStoreBatcher(db, source, { maxBatch: 8, maxConcurrent: 1 });
    const built = Array.from({ length: 5 }, (_, i) =>
      buildExecutionHistory({ name: `m${i}`, stateMachineName: "Mixed", tasks: 2 }),
    );
    const bad = built[2]!;
    const badRuns = bad.derived.stateRuns.map((r, i) =>
      i === 0 ? { ...r, status: "NOT_A_STATUS" } : r,
    ) as unknown as StateRun[];
    const outcomes = await Promise.allSettled(
      built.map((b) => batcher.store(b.parsed, b === bad ? { ...b.derived, stateRuns: badRuns } : b.derived)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain("NOT_A_STATUS");
    const { rows } = await db.pool.query<{ name: string }>(
      "SELECT x.name FROM executions x JOIN state_machines m ON m.id = x.state_machine_id WHERE m.name = 'Mixed' ORDER BY x.name",
    );
    expect(rows.map((r) => r.name)).toEqual(["m0", "m1", "m3", "m4"]);
  });
});
