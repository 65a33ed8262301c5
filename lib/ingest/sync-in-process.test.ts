import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { ensureAwsSource } from "@/lib/store/ensure-aws-source";
import { startInProcessSync } from "./sync-in-process";

let db: TestDatabase;
let fake: FakeAws;

beforeAll(async () => {
  // The standard chain's credentials (the fake checks no signature).
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "AKIDINPROCESS",
    AWS_SECRET_ACCESS_KEY: "secret",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
  });
  db = await createTestDatabase();
  fake = await startFakeAws();
  addExecutionsToFake(fake.state, [
    buildExecutionHistory({
      name: "in-process-1",
      tasks: 2,
      stateMachineName: "InProcess",
      startDate: new Date(Date.now() - 3_600_000).toISOString(),
    }).parsed,
  ]);
  // The one history page answers late: the sync is still going when the caller reads the row.
  fake.faults.push({ op: "GetExecutionHistory", kind: "slow", delayMs: 1_500, times: 1 });
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

const syncState = async (id: number) =>
  (await db.pool.query<{ sync_state: string }>("SELECT sync_state FROM sources WHERE id = $1", [id])).rows[0]
    ?.sync_state;

describe("startInProcessSync", () => {
  it("answers once the source's row says it is syncing, so a page read right after shows the sync", async () => {
    const source = await ensureAwsSource(db, { region: "us-east-1", endpoint: fake.url });
    expect(await startInProcessSync(db, source.id)).toEqual({ started: true });
    expect(await syncState(source.id)).toBe("RUNNING");
    // A second request while it runs starts nothing.
    expect(await startInProcessSync(db, source.id)).toEqual({ started: false });
    await expect.poll(() => syncState(source.id), { timeout: 20_000 }).toBe("IDLE");
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM executions WHERE source_id = $1",
      [source.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("rejects for a source that does not exist", async () => {
    await expect(startInProcessSync(db, 987_654)).rejects.toThrow();
  });
});
