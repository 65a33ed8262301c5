import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { readDataVersion } from "../db/data-version";
import { storeExecution } from "./store-execution";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** Tables no cached read reads: written often (sign-ins, rate limits, alert deliveries, jobs), they leave the version alone. */
const UNCOUNTED = new Set([
  "_prisma_migrations",
  "read_versions",
  "sessions",
  "sign_in_throttle",
  "aws_rate_limits",
  "trace_export_state",
  "alert_rules",
  "alert_incidents",
  "alert_notifications",
  "alert_deliveries",
  "bulk_actions",
  "bulk_action_items",
  "saved_views",
  "sfn_endpoint_state_machines",
  "sfn_endpoint_executions",
  "sfn_endpoint_aliases",
  "sfn_endpoint_activities",
  "sfn_endpoint_tags",
]);

describe("the read version the figures' cache depends on", () => {
  it("stays put when a local run is stored, and moves when an AWS, imported or demo execution is", async () => {
    const before = await readDataVersion(db.pool);
    const local = buildExecutionHistory({ name: "local-run", stateMachineName: "LocalLoop" });
    await storeExecution(db, local.parsed, local.derived, { kind: "LOCAL", name: "local" });
    const afterLocal = await readDataVersion(db.pool);
    expect(afterLocal.production).toBe(before.production);
    // The version of all the data (what reads that show local runs depend on) did move.
    expect(afterLocal.data).not.toBe(before.data);

    for (const kind of ["AWS", "UPLOAD", "DEMO"] as const) {
      const seen = (await readDataVersion(db.pool)).production;
      const run = buildExecutionHistory({ name: `from-${kind}`, stateMachineName: "Orders" });
      await storeExecution(db, run.parsed, run.derived, { kind, name: `source-${kind}` });
      expect(Number((await readDataVersion(db.pool)).production)).toBeGreaterThan(Number(seen));
    }
  });

  it("moves for a write that never went through the store's local marking (a plain UPDATE), and not for a rolled-back one", async () => {
    const before = Number((await readDataVersion(db.pool)).production);
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("UPDATE executions SET name = name WHERE name = 'from-AWS'");
      await client.query("ROLLBACK");
      expect(Number((await readDataVersion(db.pool)).production)).toBe(before);
      // Local marking is transaction-local: the next transaction on the same connection counts again.
      await client.query("BEGIN");
      await client.query("SELECT set_config('stepscope.write_scope', 'local', true)");
      await client.query("COMMIT");
      await client.query("UPDATE executions SET name = name WHERE name = 'from-AWS'");
    } finally {
      client.release();
    }
    expect(Number((await readDataVersion(db.pool)).production)).toBe(before + 1);
  });

  it("is kept by a trigger on every table but those no cached read reads", async () => {
    const { rows } = await db.pool.query<{ table: string; counted: boolean }>(
      `SELECT c.relname AS table,
              EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = c.relname || '_note_data_write') AS counted
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY 1`,
    );
    const wrong = rows.filter((r) => r.counted === UNCOUNTED.has(r.table)).map((r) => r.table);
    expect(wrong).toEqual([]);
  });
});
