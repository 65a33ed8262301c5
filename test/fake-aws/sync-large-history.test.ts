import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateLargeHistory } from "@/lib/examples/generate-large-history";
import { getStoredEvents } from "@/lib/ingest/aws-standard/stored-history";
import { syncAwsSource } from "@/lib/ingest/sync-aws-source";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { addExecutionsToFake } from "./fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "./fake-aws-server";

let db: TestDatabase;
let fake: FakeAws;
beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeAws({ enforceQuotas: true });
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

describe("a history at AWS's 25,000-event cap", () => {
  it("is read over all 25 pages, checkpointed, and stored whole and in order", { timeout: 120_000 }, async () => {
    const [execution] = addExecutionsToFake(fake.state, [
      await generateLargeHistory({ seed: 7, targetEvents: 25_000, startedAt: new Date("2024-03-17T00:00:00Z") }),
    ]);
    const { rows } = await db.pool.query<{ id: number }>(
      "INSERT INTO sources (kind, name, region, endpoint) VALUES ('AWS', 'large', 'us-east-1', $1) RETURNING id",
      [fake.url],
    );
    const outcome = await syncAwsSource(db, rows[0]!.id, {
      credentials: { accessKeyId: "A", secretAccessKey: "B" },
      now: () => new Date("2024-03-18T00:00:00Z"),
    });
    expect(outcome).toMatchObject({ status: "done", failures: [] });
    const pages = fake.calls.filter((c) => c.op === "GetExecutionHistory" && c.outcome === "ok");
    expect(pages).toHaveLength(Math.ceil(execution!.events.length / 1000));
    expect((await getStoredEvents(db.pool, execution!.executionArn)).map((e) => e.id)).toEqual(
      execution!.events.map((e) => e.id),
    );
  });
});
