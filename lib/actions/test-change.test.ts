import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { testActor } from "../../test/auth";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { testChange } from "./test-change";

// The checkout recordings of test/fixtures/regression, stored under one eu-west-1 state machine.
const dir = path.resolve(__dirname, "../../test/fixtures/regression");
const machineArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:checkout";
const executionArn = (name: string) => `arn:aws:states:eu-west-1:123456789012:execution:checkout:${name}`;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const source = { kind: "UPLOAD" as const, name: "test-change" };
  await importHistoryText(db, await readFile(path.join(dir, "recorded/order-large.bundle.json")), {
    fileName: "order-large.bundle.json",
    source,
  });
  for (const name of ["order-small", "order-declined"])
    await importHistoryText(db, await readFile(path.join(dir, `recorded/${name}.json`)), {
      fileName: `${name}.json`,
      executionArn: executionArn(name),
      source,
    });
});
afterAll(async () => {
  await db.drop();
});

const auditRows = () =>
  db.pool
    .query<{ outcome: string; details: Record<string, unknown> }>(
      "SELECT outcome, details FROM audit_logs WHERE action = 'state_machine.test' ORDER BY id",
    )
    .then((r) => r.rows);

describe("testChange", () => {
  it("replays the newest executions against the changed definition, stores each as a replay of its original, audits once", async () => {
    const definition = await readFile(path.join(dir, "checkout.choice-changed.asl.json"), "utf8");
    const answer = await testChange(db, testActor("olga"), machineArn, {
      definition,
      selection: { kind: "last", count: 10 },
    });
    expect([answer.tested, answer.changed]).toEqual([3, 1]);
    const large = answer.executions.find((e) => e.name === "order-large")!;
    expect(large).toMatchObject({ verdict: "changed", recordedStatus: "SUCCEEDED", replayedStatus: "SUCCEEDED" });
    expect(large.summary).toContain("path diverges at step 3: AutoApprove SUCCEEDED instead of ManualReview SUCCEEDED");
    const { rows } = await db.pool.query<{ name: string; original: string; source: string }>(
      `SELECT e.name, o.execution_arn AS original, s.kind AS source FROM executions e
       JOIN executions o ON o.id = e.replay_of_execution_id JOIN sources s ON s.id = e.source_id
       WHERE e.execution_arn = $1`,
      [large.replayArn],
    );
    expect(rows).toEqual([
      {
        name: expect.stringMatching(/^order-large-test-[0-9a-f]{8}$/) as unknown,
        original: executionArn("order-large"),
        source: "LOCAL",
      },
    ]);
    expect(await auditRows()).toEqual([
      { outcome: "OK", details: { selection: { kind: "last", count: 10 }, tested: 3, changed: 1 } },
    ]);
  });

  it("selects by query, leaving the earlier test's local replays out", async () => {
    const definition = await readFile(path.join(dir, "checkout.asl.json"), "utf8");
    const answer = await testChange(db, testActor("olga"), machineArn, {
      definition,
      selection: { kind: "query", q: 'status = "FAILED"', count: 50 },
    });
    expect(answer.executions.map((e) => [e.name, e.verdict])).toEqual([["order-declined", "unchanged"]]);
  });

  it("refuses an invalid definition naming its path, audited REFUSED", async () => {
    const error = await testChange(db, testActor("olga"), machineArn, {
      definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "B" } } }),
      selection: { kind: "last", count: 1 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toContain("/definition/States/A/Next");
    expect((await auditRows()).at(-1)?.outcome).toBe("REFUSED");
  });
});
