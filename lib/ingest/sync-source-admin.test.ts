import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startFakeAws } from "@/test/fake-aws/fake-aws-server";
import { syncAwsSource } from "./sync-aws-source";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { testActor } from "@/test/auth";
import { removeAwsSourceAudited } from "./remove-demo-source-audited";
import { storeExecution } from "@/lib/store/store-execution";
import { listAwsSourceStatus } from "@/lib/queries/list-sources";
import { createAwsSource } from "@/lib/store/create-aws-source";
import { updateAwsSource } from "@/lib/store/update-aws-source";
import { awsSourceEditSchema, newAwsSourceSchema } from "./sync-source-admin";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("AWS source administration", () => {
  it("adds a source once and shows a stopped sync's refused call", async () => {
    const fake = await startFakeAws({ deniedActions: ["states:ListStateMachines"] });
    const input = newAwsSourceSchema.parse({
      name: "prod",
      region: "eu-west-1",
      endpoint: fake.url,
      settings: { stateMachines: { mode: "prefix", prefix: "orders-" } },
    });
    const created = await createAwsSource(db.pool, input);
    expect(created).not.toBeNull();
    expect(await createAwsSource(db.pool, input)).toBeNull();
    await syncAwsSource(db, created!.id, { credentials: { accessKeyId: "A", secretAccessKey: "B" } });
    await fake.close();
    const [status] = await listAwsSourceStatus(db, { withExternalId: true });
    expect(status).toMatchObject({
      name: "prod",
      state: "FAILED",
      filter: "names starting orders-",
      errorDetails: { code: "AccessDeniedException", action: "states:ListStateMachines" },
    });
    expect(JSON.stringify(status)).not.toMatch(/secret|accessKey/i);
  });

  it("refuses a region that is not one", () => {
    expect(newAwsSourceSchema.safeParse({ name: "x", region: "moon", settings: {} }).success).toBe(false);
  });

  it("edits a source's account, endpoint and settings, keeping its name, region and what was synced", async () => {
    const created = await createAwsSource(
      db.pool,
      newAwsSourceSchema.parse({ name: "edit-me", region: "us-west-2", endpoint: "http://127.0.0.1:9", settings: {} }),
    );
    await db.pool.query("UPDATE sources SET last_sync_at = now(), sync_cursor = '{}' WHERE id = $1", [created!.id]);
    const edit = awsSourceEditSchema.parse({
      accountId: "123456789012",
      endpoint: null,
      settings: { stateMachines: { mode: "tag", tagKey: "team", tagValue: "payments" }, pollIntervalSeconds: 60 },
    });
    const changed = await updateAwsSource(db.pool, created!.id, edit);
    expect(changed?.before).toMatchObject({ accountId: null, endpoint: "http://127.0.0.1:9" });
    expect(changed?.after).toMatchObject({ accountId: "123456789012", endpoint: null });
    const status = (await listAwsSourceStatus(db, { withExternalId: true })).find((s) => s.name === "edit-me");
    expect(status).toMatchObject({
      region: "us-west-2",
      accountId: "123456789012",
      endpoint: null,
      filter: "tag team=payments",
      settings: { pollIntervalSeconds: 60, firstSyncDays: 90 },
    });
    expect(status?.lastSyncAt).not.toBeNull();
    expect(await updateAwsSource(db.pool, 999_999, edit)).toBeNull();
    expect(awsSourceEditSchema.safeParse({ settings: { pollIntervalSeconds: 5 } }).success).toBe(false);
  });

  it("removes an AWS source with its executions and audit row, not while it syncs, and leaves other sources alone", async () => {
    const created = await createAwsSource(
      db.pool,
      newAwsSourceSchema.parse({ name: "remove-me", region: "us-east-1", settings: {} }),
    );
    const mine = buildExecutionHistory({ name: "mine", stateMachineName: "Shared", status: "FAILED", tasks: 2 });
    const theirs = buildExecutionHistory({ name: "theirs", stateMachineName: "Shared", tasks: 2 });
    await storeExecution(db, mine.parsed, mine.derived, { kind: "AWS", name: "remove-me" });
    await storeExecution(db, theirs.parsed, theirs.derived, { kind: "UPLOAD", name: "uploads" });
    const actor = testActor("admin");
    await db.pool.query("UPDATE sources SET sync_state = 'RUNNING' WHERE id = $1", [created!.id]);
    await expect(removeAwsSourceAudited(db, created!.id, actor)).rejects.toThrow("remove-me is syncing");
    await db.pool.query("UPDATE sources SET sync_state = 'IDLE' WHERE id = $1", [created!.id]);
    expect(await removeAwsSourceAudited(db, created!.id, actor)).toEqual({ name: "remove-me", executionsRemoved: 1 });
    const { rows } = await db.pool.query<{ name: string; source: string }>(
      "SELECT e.name, s.name AS source FROM executions e JOIN sources s ON s.id = e.source_id WHERE e.name IN ('mine', 'theirs')",
    );
    expect(rows).toEqual([{ name: "theirs", source: "uploads" }]);
    // The shared state machine now belongs to the source that still has executions of it.
    const machine = await db.pool.query<{ source: string }>(
      "SELECT s.name AS source FROM state_machines m JOIN sources s ON s.id = m.source_id WHERE m.name = 'Shared'",
    );
    expect(machine.rows).toEqual([{ source: "uploads" }]);
    const audit = await db.pool.query<{ actor: string; details: { name: string; executionsRemoved: number } }>(
      "SELECT actor, details FROM audit_logs WHERE action = 'source.remove'",
    );
    expect(audit.rows).toEqual([{ actor: actor.name, details: { name: "remove-me", executionsRemoved: 1 } }]);
    await expect(removeAwsSourceAudited(db, created!.id, actor)).rejects.toThrow(`No AWS source has id ${created!.id}`);
  });
});
