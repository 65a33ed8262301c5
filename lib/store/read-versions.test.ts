import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { readDataVersion, versionOf, type VersionKind } from "../db/data-version";
import { recordAudit } from "./record-audit";
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

/** The version of `table` (`*`: every table) that `kind` counts, now. */
const versionNow = async (kind: VersionKind, table = "*") => versionOf(await readDataVersion(db.pool), kind, table);

describe("the read version the figures' cache depends on", () => {
  it("stays put when a local run is stored, and moves when an AWS, imported or demo execution is", async () => {
    const before = { production: await versionNow("production"), data: await versionNow("data") };
    const local = buildExecutionHistory({ name: "local-run", stateMachineName: "LocalLoop" });
    await storeExecution(db, local.parsed, local.derived, { kind: "LOCAL", name: "local" });
    expect(await versionNow("production")).toBe(before.production);
    // The version of all the data (what reads that show local runs depend on) did move.
    expect(await versionNow("data")).not.toBe(before.data);

    for (const kind of ["AWS", "UPLOAD", "DEMO"] as const) {
      const seen = await versionNow("production", "executions");
      const run = buildExecutionHistory({ name: `from-${kind}`, stateMachineName: "Orders" });
      await storeExecution(db, run.parsed, run.derived, { kind, name: `source-${kind}` });
      expect(Number(await versionNow("production", "executions"))).toBeGreaterThan(Number(seen));
    }
  });

  it("moves for a write that never went through the store's local marking (a plain UPDATE), and not for a rolled-back one", async () => {
    const before = Number(await versionNow("production", "executions"));
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("UPDATE executions SET name = name WHERE name = 'from-AWS'");
      await client.query("ROLLBACK");
      expect(Number(await versionNow("production", "executions"))).toBe(before);
      // Local marking is transaction-local: the next transaction on the same connection counts again.
      await client.query("BEGIN");
      await client.query("SELECT set_config('stepscope.write_scope', 'local', true)");
      await client.query("COMMIT");
      await client.query("UPDATE executions SET name = name WHERE name = 'from-AWS'");
    } finally {
      client.release();
    }
    expect(Number(await versionNow("production", "executions"))).toBe(before + 1);
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
    // And each has its counters from the migration that counts it: a cached read depends only on
    // the counted tables its queries name, which it knows by their rows (see versionsOf).
    const counters = await readDataVersion(db.pool);
    const missing = rows.filter((r) => r.counted && !counters.counters?.has(r.table)).map((r) => r.table);
    expect(missing).toEqual([]);
  });

  it("counts each table apart: a write to one moves its version and no other's", async () => {
    const [audit, executions, users] = await Promise.all(
      ["audit_logs", "executions", "users"].map((table) => versionNow("production", table)),
    );
    await recordAudit(db.pool, { userId: null, name: "cli" }, { action: "probe.write", outcome: "OK" });
    expect(Number(await versionNow("production", "audit_logs"))).toBe(Number(audit) + 1);
    expect(await versionNow("production", "executions")).toBe(executions);
    expect(await versionNow("production", "users")).toBe(users);
    // One transaction writing two tables moves each once (a statement after the first on a table finds its mark).
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("UPDATE executions SET name = name WHERE false");
      await client.query("UPDATE users SET username = username WHERE false");
      await client.query("UPDATE executions SET name = name WHERE false");
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(Number(await versionNow("production", "executions"))).toBe(Number(executions) + 1);
    expect(Number(await versionNow("production", "users"))).toBe(Number(users) + 1);
  });
});
