import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHistoryEvents } from "@/lib/history/parse-history-events";
import type { ParsedExecution } from "@/lib/history/types";
import { getStoredEvents } from "@/lib/ingest/aws-standard/stored-history";
import { syncAwsSource } from "@/lib/ingest/sync-aws-source";
import { loadConformanceCases, toAwsHistory } from "@/test/conformance/denormalize";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { addExecutionsToFake } from "./fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "./fake-aws-server";

// Express cases come through CloudWatch Logs (covered by the Express suite); descending ones are a CLI shape, not a wire one.
const cases = loadConformanceCases().filter((c) => c.state_machine_type !== "EXPRESS");
let db: TestDatabase;
let fake: FakeAws;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeAws();
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

describe.skipIf(cases.length === 0)("sync over the conformance corpus", () => {
  it(
    "stores every Standard case's history exactly as the fake served it through the SDK",
    { timeout: 300_000 },
    async () => {
      const executions: ParsedExecution[] = cases.map((c, i) => {
        const name = `case-${String(i).padStart(4, "0")}`;
        const events = parseHistoryEvents(toAwsHistory(c).events, { file: c.name, path: "/events" });
        const stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:Conformance";
        return {
          identity: {
            executionArn: `arn:aws:states:us-east-1:123456789012:execution:Conformance:${name}`,
            stateMachineArn,
            name,
            stateMachineName: "Conformance",
            type: "STANDARD",
            region: "us-east-1",
            accountId: "123456789012",
            described: null,
          },
          stateMachine: null,
          events,
        };
      });
      addExecutionsToFake(fake.state, executions);
      const { rows } = await db.pool.query<{ id: number }>(
        "INSERT INTO sources (kind, name, region, endpoint) VALUES ('AWS', 'conformance', 'us-east-1', $1) RETURNING id",
        [fake.url],
      );
      const outcome = await syncAwsSource(db, rows[0]!.id, {
        credentials: { accessKeyId: "A", secretAccessKey: "B" },
        now: () => new Date("2024-03-18T00:00:00Z"),
      });
      expect(outcome).toMatchObject({ status: "done", failures: [] });
      const mismatched: string[] = [];
      for (const [i, execution] of executions.entries()) {
        const stored = await getStoredEvents(db.pool, execution.identity.executionArn);
        // Compared as values: jsonb does not keep the key order of the details.
        if (!isDeepStrictEqual(stored, execution.events)) mismatched.push(cases[i]!.name);
      }
      expect(mismatched).toEqual([]);
    },
  );
});
