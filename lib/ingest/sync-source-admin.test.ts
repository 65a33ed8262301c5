import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startFakeAws } from "@/test/fake-aws/fake-aws-server";
import { syncAwsSource } from "./sync-aws-source";
import { createAwsSource, listAwsSourceStatus, newAwsSourceSchema } from "./sync-source-admin";

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
});
