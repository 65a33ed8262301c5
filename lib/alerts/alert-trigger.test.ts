import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "@/lib/db/database";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createAlertTrigger } from "./alert-trigger";
import { createSecretResolver } from "./resolve-secret";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("alert trigger", () => {
  it("evaluates on request, at most once per interval across processes", async () => {
    const runs: number[] = [];
    const run = { publicUrl: "http://localhost", smtp: null, resolveSecret: createSecretResolver({}, () => ({})) };
    const other = connectDatabase(db.url, { max: 2 });
    const options = { run, everyMs: 0, minIntervalMs: 3_000, onRun: () => runs.push(Date.now()) };
    const a = createAlertTrigger(db, options);
    const b = createAlertTrigger(other, options);
    const until = async (count: number) => {
      const deadline = Date.now() + 10_000;
      while (runs.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    try {
      a.request();
      b.request();
      a.request();
      await until(1);
      expect(runs).toHaveLength(1);
      // The other waits for the interval to pass, then runs once.
      await until(2);
      expect(runs).toHaveLength(2);
      expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(2_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(runs).toHaveLength(2);
    } finally {
      a.stop();
      b.stop();
      await other.pool.end();
    }
  });
});
