import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { executionExportColumns, exportExecutions, toExportRecord } from "./execution-export";
import { executionListParamsSchema } from "./execution-list-params";
import type { ExecutionListRow } from "./execution-list-types";
import { listExecutions } from "./list-executions";
import { readExecutionBatches } from "./read-execution-batches";

const NOW = new Date("2025-06-01T12:00:00.000Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Executions of one machine a minute apart; failures with causes CSV must quote (commas, quotes, line breaks). */
const fixtures = [
  {
    name: "exp-1",
    amount: 10,
    ends: { error: "Card.Declined", cause: 'declined, "insufficient funds"\r\nretry later' },
  },
  { name: "exp-2", amount: 200, ends: "SUCCEEDED" },
  { name: "exp-3", amount: 300, ends: "RUNNING" },
  { name: "exp,4", amount: 400, ends: { error: "Lambda.Unknown", cause: "a cause without marks" } },
  { name: "exp-5", amount: 500, ends: "SUCCEEDED" },
  { name: 'exp"6', amount: 600, ends: "RUNNING" },
  { name: "exp-7", amount: 700, ends: { error: "States.Timeout", cause: "line one\nline two" } },
  // What a spreadsheet would run as formulas: the CSV must neutralise them (OWASP's CSV Injection).
  { name: "exp-8", amount: 800, ends: { error: "=cmd|' /C calc'!A0", cause: '@SUM(1+1)*cmd|"/C calc"' } },
] as const;

function bundleOf(f: (typeof fixtures)[number], i: number): string {
  const machineArn = "arn:aws:states:us-east-1:111111111111:stateMachine:Exports";
  const start = NOW.getTime() - (60 - i) * MIN;
  const stop = f.ends === "RUNNING" ? null : start + (i + 1) * 1000;
  const input = JSON.stringify({ order: { amount: f.amount } });
  const events: object[] = [
    {
      id: 1,
      previousEventId: 0,
      timestamp: iso(start),
      type: "ExecutionStarted",
      executionStartedEventDetails: { input, inputDetails: { truncated: false } },
    },
  ];
  if (f.ends === "SUCCEEDED")
    events.push({
      id: 2,
      previousEventId: 1,
      timestamp: iso(stop!),
      type: "ExecutionSucceeded",
      executionSucceededEventDetails: { output: "{}", outputDetails: { truncated: false } },
    });
  else if (f.ends !== "RUNNING")
    events.push({
      id: 2,
      previousEventId: 1,
      timestamp: iso(stop!),
      type: "ExecutionFailed",
      executionFailedEventDetails: f.ends,
    });
  const status = f.ends === "SUCCEEDED" || f.ends === "RUNNING" ? f.ends : "FAILED";
  return JSON.stringify({
    execution: {
      executionArn: `arn:aws:states:us-east-1:111111111111:execution:Exports:${f.name}`,
      stateMachineArn: machineArn,
      name: f.name,
      status,
      startDate: iso(start),
      ...(stop === null ? {} : { stopDate: iso(stop) }),
      input,
    },
    events,
  });
}

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const [i, f] of fixtures.entries())
    await importHistoryText(db, bundleOf(f, i), { fileName: "x.json", source: { kind: "UPLOAD", name: "uploads" } });
});
afterAll(async () => db?.drop());

const params = (p: Record<string, unknown>) => executionListParamsSchema.parse({ pageSize: 500, ...p });

async function exported(p: Record<string, unknown>, format: "csv" | "jsonl", batchSize: number): Promise<string> {
  let text = "";
  for await (const chunk of exportExecutions(db.prisma, params(p), format, { batchSize, now: NOW })) text += chunk;
  return text;
}

/** The list's rows of those params with whole causes (the list's page cuts them at 300 characters: none here is longer). */
async function listed(p: Record<string, unknown>): Promise<ExecutionListRow[]> {
  return [...(await listExecutions(db.prisma, params(p), NOW)).rows];
}

describe("the executions export", () => {
  it.each([
    [{}, 1],
    [{}, 2],
    [{}, 1000],
    [{ q: "input.order.amount > 250", sort: "stopDate" }, 2],
    [{ sort: "stopDate", order: "asc" }, 1],
    [{ sort: "duration" }, 3],
    [{ sort: "name", order: "asc", status: "FAILED,RUNNING" }, 2],
    [{ q: 'status = "FAILED" OR name = "exp,4"', sort: "status" }, 1],
  ])("with %j in batches of %i reads every row the list selects, in its order", async (p, batchSize) => {
    const rows: ExecutionListRow[] = [];
    for await (const batch of readExecutionBatches(db.prisma, params(p), { batchSize, now: NOW })) {
      expect(batch.length).toBeLessThanOrEqual(batchSize);
      rows.push(...batch);
    }
    expect(rows).toEqual(await listed(p));
    expect(rows.length).toBeGreaterThan(batchSize === 1000 ? 6 : 1);
  });

  it("writes CSV that parses back (RFC 4180) to a header of the columns and one record per execution", async () => {
    const text = await exported({ q: "input.order.amount >= 10" }, "csv", 2);
    expect(text.endsWith("\r\n")).toBe(true);
    const records = parse(text, { relaxQuotes: false, relaxColumnCount: false }) as string[][];
    expect(records[0]).toEqual(executionExportColumns.map(([key]) => key));
    // A text starting as a formula reads back with the single quote that neutralised it.
    const cell = (v: string | number | null) =>
      v === null ? "" : typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
    const expected = (await listed({})).map((r) => Object.values(toExportRecord(r)).map(cell));
    expect(expected).toHaveLength(fixtures.length);
    expect(records.slice(1)).toEqual(expected);
    expect(records.slice(1).map((r) => r[1])).toContain("exp,4");
    expect(records.slice(1).map((r) => r[10])).toContain('declined, "insufficient funds"\r\nretry later');
    const formula = records.find((r) => r[1] === "exp-8")!;
    expect([formula[9], formula[10]]).toEqual(["'=cmd|' /C calc'!A0", `'@SUM(1+1)*cmd|"/C calc"`]);
    expect(Number(formula[8])).toBeGreaterThan(0);
    expect(text).toContain(`,"'=cmd|' /C calc'!A0",`);
  });

  it("writes JSON Lines: one object a line with the CSV's columns as keys", async () => {
    const text = await exported({ status: "FAILED" }, "jsonl", 1);
    const lines = text.trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(
      (await listed({ status: "FAILED" })).map(toExportRecord),
    );
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(executionExportColumns.map(([key]) => key));
    // JSON is no spreadsheet: its texts stay exactly as stored.
    expect(text).toContain(`"error":"=cmd|' /C calc'!A0"`);
  });

  it("refuses a wrong expression when asked, before any chunk, naming its column", () => {
    expect(() => exportExecutions(db.prisma, params({ q: 'status = "FAILED" AND nope = 1' }), "csv")).toThrow(
      /q: column 23: unknown field 'nope'/,
    );
  });

  it("starts after a cursor of the list", async () => {
    const page = await listExecutions(db.prisma, params({ pageSize: 3 }), NOW);
    const rows: ExecutionListRow[] = [];
    for await (const batch of readExecutionBatches(db.prisma, params({ after: page.nextCursor }), { now: NOW }))
      rows.push(...batch);
    expect(rows).toEqual((await listed({})).slice(3));
  });
});
