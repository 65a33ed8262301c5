import { testActor } from "../../test/auth";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { generateLargeHistory } from "../examples/generate-large-history";
import { HistoryInputError } from "../history/history-input-error";
import { parseHistoryFile } from "../history/parse-history-file";
import { getHistoryEvents } from "../queries/get-history-events";
import { importUploads } from "./import-uploads";

const read = (name: string) => readFileSync(path.resolve(__dirname, "../../test/fixtures/histories", name), "utf8");
const source = { kind: "UPLOAD", name: "uploads" } as const;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

async function counts(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM executions) AS executions, (SELECT count(*)::int FROM history_events) AS events,
            (SELECT count(*)::int FROM state_runs) AS runs, (SELECT count(*)::int FROM execution_daily_rollups) AS rollups`,
  );
  return { ...rows[0] };
}

async function lastAudit(): Promise<
  { actor: string; action: string; outcome: string; details: { files: string[]; result: unknown } } | undefined
> {
  const { rows } = await db.pool.query<{
    actor: string;
    action: string;
    outcome: string;
    details: { files: string[]; result: unknown };
  }>("SELECT actor, action, outcome, details FROM audit_logs ORDER BY id DESC LIMIT 1");
  return rows[0];
}

describe("importUploads", () => {
  it("stores nothing from any file when a later file is malformed, names that file and audits the refusal", async () => {
    const good = { fileName: "runs/success.json", text: read("success.json") };
    const bad = {
      fileName: "runs/broken.json",
      text: '{"events": [{"id": 1, "type": "ExecutionStarted", "timestamp": "yesterday"}]}',
    };
    const goodArn = parseHistoryFile(good.text, { fileName: good.fileName })[0]?.identity.executionArn;
    const before = await counts();

    const failure = await importUploads(db, [good, bad], { actor: testActor("alice"), source }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HistoryInputError);
    expect((failure as HistoryInputError).location.file).toBe("runs/broken.json");
    expect((failure as HistoryInputError).message).toBe(
      "runs/broken.json: event 1 (/events/0/timestamp): expected an ISO-8601 timestamp",
    );

    expect(await counts()).toEqual(before);
    expect(await getHistoryEvents(db.prisma, goodArn ?? "")).toBeNull();
    expect(await lastAudit()).toEqual({
      actor: "alice",
      action: "import",
      outcome: "REFUSED",
      details: { files: ["runs/success.json", "runs/broken.json"], result: (failure as Error).message },
    });
  });

  it("stores every file of a good upload and audits it as OK with the files and what each stored", async () => {
    const files = [
      { fileName: "success.json", text: read("success.json") },
      { fileName: "logs/express.jsonl", text: read("express.jsonl") },
    ];
    const result = await importUploads(db, files, { actor: testActor("bob"), source });
    expect(result.executions).toHaveLength(3);
    expect(result.executions.every((e) => e.created)).toBe(true);
    expect(result.executions.map((e) => e.eventsWritten)).toEqual([11, 7, 3]);
    const audit = await lastAudit();
    expect(audit).toEqual({
      actor: "bob",
      action: "import",
      outcome: "OK",
      details: { files: ["success.json", "logs/express.jsonl"], result: result.executions },
    });
    for (const e of result.executions) expect(await getHistoryEvents(db.prisma, e.executionArn)).not.toBeNull();
  });

  it("imports a 25,000-event history and exports it back identical", async () => {
    // A failed run: the generator's succeeded 25,000-event runs end with a Map output over AWS's 256 KiB payload limit.
    const execution = await generateLargeHistory({
      seed: 42,
      targetEvents: 25_000,
      startedAt: new Date("2025-05-20T08:00:00.000Z"),
      outcome: "FAILED",
    });
    expect(execution.events.length).toBeGreaterThan(24_000);
    const { executionArn } = execution.identity;
    const result = await importUploads(
      db,
      [{ fileName: "large.json", text: JSON.stringify({ events: execution.events }), executionArn }],
      { actor: testActor("carol"), source },
    );
    expect(result.executions).toEqual([
      { executionArn, status: "FAILED", created: true, eventsWritten: execution.events.length },
    ]);
    expect(await getHistoryEvents(db.prisma, executionArn)).toEqual(execution.events);
  }, 60_000);
});
