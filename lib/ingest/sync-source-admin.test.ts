import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startFakeAws } from "@/test/fake-aws/fake-aws-server";
import { syncAwsSource } from "./sync-aws-source";
import { awsSourceEditSchema, createAwsSource, listAwsSourceStatus, newAwsSourceSchema, updateAwsSource } from "./sync-source-admin";

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
    const input = newAwsSourceSchema.parse({ name: "prod", region: "eu-west-1", endpoint: fake.url, settings: { stateMachines: { mode: "prefix", prefix: "orders-" } } });
    const created = await createAwsSource(db.pool, input);
    expect(created).not.toBeNull();
    expect(await createAwsSource(db.pool, input)).toBeNull();
    await syncAwsSource(db, created!.id, { credentials: { accessKeyId: "A", secretAccessKey: "B" } });
    await fake.close();
    const [status] = await listAwsSourceStatus(db.pool);
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
    const created = await createAwsSource(db.pool, newAwsSourceSchema.parse({ name: "edit-me", region: "us-west-2", endpoint: "http://127.0.0.1:9", settings: {} }));
    await db.pool.query("UPDATE sources SET last_sync_at = now(), sync_cursor = '{}' WHERE id = $1", [created!.id]);
    const edit = awsSourceEditSchema.parse({ accountId: "123456789012", endpoint: null, settings: { stateMachines: { mode: "tag", tagKey: "team", tagValue: "payments" }, pollIntervalSeconds: 60 } });
    const changed = await updateAwsSource(db.pool, created!.id, edit);
    expect(changed?.before).toMatchObject({ accountId: null, endpoint: "http://127.0.0.1:9" });
    expect(changed?.after).toMatchObject({ accountId: "123456789012", endpoint: null });
    const status = (await listAwsSourceStatus(db.pool)).find((s) => s.name === "edit-me");
    expect(status).toMatchObject({ region: "us-west-2", accountId: "123456789012", endpoint: null, filter: "tag team=payments", settings: { pollIntervalSeconds: 60, firstSyncDays: 90 } });
    expect(status?.lastSyncAt).not.toBeNull();
    expect(await updateAwsSource(db.pool, 999_999, edit)).toBeNull();
    expect(awsSourceEditSchema.safeParse({ settings: { pollIntervalSeconds: 5 } }).success).toBe(false);
  });
});
