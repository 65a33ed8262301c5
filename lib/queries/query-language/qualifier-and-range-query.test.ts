import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { executionListParamsSchema } from "../execution-list-params";
import { listExecutions } from "../list-executions";
import { listFilterOptions } from "../list-filter-options";
import { parseQuery } from "./parse-query";
import { QuerySyntaxError } from "./query-syntax-error";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const HOUR = 3_600_000;
const MACHINE = "arn:aws:states:us-east-1:111111111111:stateMachine:Checkout";
const OTHER = "arn:aws:states:us-east-1:111111111111:stateMachine:Refunds";

/** Executions started through versions and aliases (as DescribeExecution names them), or neither. */
const fixtures = [
  { name: "run-a", machine: MACHINE, version: 7, alias: "PROD", start: NOW.getTime() - 0.5 * HOUR },
  { name: "run-b", machine: MACHINE, version: 7, alias: null, start: NOW.getTime() - 2 * HOUR },
  { name: "run-c", machine: MACHINE, version: 6, alias: "STAGING", start: Date.parse("2026-11-01T09:00:00Z") },
  { name: "run-d", machine: MACHINE, version: null, alias: null, start: Date.parse("2026-10-31T23:59:59Z") },
  { name: "run-e", machine: OTHER, version: 12, alias: "PROD", start: Date.parse("2026-11-02T00:00:00Z") },
] as const;

function bundleOf(f: (typeof fixtures)[number]): string {
  const start = new Date(f.start).toISOString();
  const stop = new Date(f.start + 1000).toISOString();
  const machineName = f.machine.split(":").at(-1);
  return JSON.stringify({
    execution: {
      executionArn: `arn:aws:states:us-east-1:111111111111:execution:${machineName}:${f.name}`,
      stateMachineArn: f.machine,
      ...(f.version === null ? {} : { stateMachineVersionArn: `${f.machine}:${f.version}` }),
      ...(f.alias === null ? {} : { stateMachineAliasArn: `${f.machine}:${f.alias}` }),
      name: f.name,
      status: "SUCCEEDED",
      startDate: start,
      stopDate: stop,
      input: "{}",
    },
    events: [
      {
        id: 1,
        previousEventId: 0,
        timestamp: start,
        type: "ExecutionStarted",
        executionStartedEventDetails: { input: "{}" },
      },
      {
        id: 2,
        previousEventId: 1,
        timestamp: stop,
        type: "ExecutionSucceeded",
        executionSucceededEventDetails: { output: "{}" },
      },
    ],
  });
}

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const f of fixtures)
    await importHistoryText(db, bundleOf(f), {
      fileName: `${f.name}.json`,
      source: { kind: "UPLOAD", name: "fixtures" },
    });
});
afterAll(async () => db?.drop());

async function select(q: string): Promise<string[]> {
  const page = await listExecutions(db.prisma, executionListParamsSchema.parse({ q, pageSize: 500 }), NOW);
  return page.rows.map((r) => r.name).sort();
}

const columnOf = (q: string) => {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof QuerySyntaxError) return [e.column, e.detail];
    throw e;
  }
  return null;
};

describe("version and alias in the query language", () => {
  it.each([
    ["version = 7", ["run-a", "run-b"]],
    ["version != 7", ["run-c", "run-d", "run-e"]],
    ["version >= 7", ["run-a", "run-b", "run-e"]],
    ["version < 7", ["run-c"]],
    ["version IN (6, 12)", ["run-c", "run-e"]],
    ["version EXISTS", ["run-a", "run-b", "run-c", "run-e"]],
    ["NOT version EXISTS", ["run-d"]],
    ['alias = "PROD"', ["run-a", "run-e"]],
    ['alias = "prod"', []],
    [`alias = "${MACHINE}:PROD"`, ["run-a"]],
    ['alias ~ "stag"', ["run-c"]],
    ['alias != "PROD"', ["run-b", "run-c", "run-d"]],
    ['alias IN ("STAGING", "QA")', ["run-c"]],
    ["alias EXISTS", ["run-a", "run-c", "run-e"]],
    ['alias = "PROD" AND version = 7', ["run-a"]],
    ['stateMachine = "Checkout" AND version = 7 AND NOT alias EXISTS', ["run-b"]],
  ])("%s selects %j", async (q, expected) => {
    expect(await select(q)).toEqual(expected);
  });

  it("refuses a version that is not a whole number, at its column", () => {
    expect(columnOf('version = "7"')).toEqual([11, "version takes a whole number"]);
    expect(columnOf("version ~ 7")).toEqual([9, "version does not take ~ (it takes = != > >= < <= IN EXISTS)"]);
    expect(columnOf("alias = 7")).toEqual([9, "alias takes a quoted text"]);
  });

  it("offers the stored aliases and version numbers, each once, in order", async () => {
    const options = await listFilterOptions(db.prisma);
    expect(options.aliases).toEqual(["PROD", "STAGING"]);
    expect(options.versions).toEqual(["6", "7", "12"]);
  });

  it("answers version = N from its index, newest first", async () => {
    await db.prisma.$executeRawUnsafe("SET enable_seqscan = off");
    const plan = await db.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN SELECT id FROM executions e WHERE e.state_machine_version_arn IS NOT NULL AND
       (CASE WHEN split_part(e.state_machine_version_arn, ':', 8) ~ '^[0-9]{1,9}$'
        THEN CAST(split_part(e.state_machine_version_arn, ':', 8) AS integer) END) = 7 ORDER BY start_date DESC LIMIT 50`,
    );
    await db.prisma.$executeRawUnsafe("RESET enable_seqscan");
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("executions_version_number_start_date_idx");
  });
});

describe("ranges on dates and texts", () => {
  it.each([
    ['startDate > "2026-11-01"', ["run-a", "run-b", "run-e"]],
    ['startDate >= "2026-11-01"', ["run-a", "run-b", "run-c", "run-e"]],
    ['startDate < "2026-11-01T09:00:00Z"', ["run-d"]],
    ['startDate <= "2026-11-01T09:00:00Z"', ["run-c", "run-d"]],
    ['startDate = "2026-10-31"', ["run-d"]],
    ["startDate > now() - 1h", ["run-a"]],
    ["startDate > now - 3h", ["run-a", "run-b"]],
    ["startDate > now-3h AND startDate < now()-1h", ["run-b"]],
    ['stopDate < "2026-11-01T09:00:01.5Z"', ["run-c", "run-d"]],
    ['name > "run-c"', ["run-d", "run-e"]],
    ['name >= "run-c" AND name < "run-e"', ["run-c", "run-d"]],
    ['name <= "run-b"', ["run-a", "run-b"]],
    ['alias > "P"', ["run-a", "run-c", "run-e"]],
    ['region >= "us-"', ["run-a", "run-b", "run-c", "run-d", "run-e"]],
    ['NOT name > "run-b"', ["run-a", "run-b"]],
  ])("%s selects %j", async (q, expected) => {
    expect(await select(q)).toEqual(expected);
  });

  it.each([
    ['startDate > "2026-13-01"', 13],
    ['startDate > "2026-02-30"', 13],
    ['startDate > "2026-11-01T25:00:00Z"', 13],
    ['startDate > "11/01/2026"', 13],
    ['status = "FAILED" AND stopDate <= "yesterday"', 35],
  ])("a bad date (%s) is refused at its column, saying what a date looks like", (q, column) => {
    const [at, message] = columnOf(q)!;
    expect(at).toBe(column);
    expect(message).toMatch(
      /^(startDate|stopDate) takes a date \("2026-11-01", "2026-11-01T10:00:00Z"\) or now-<duration>/,
    );
  });

  it("refuses a relative date with an unknown unit at the unit, and = with now", () => {
    expect(columnOf("startDate > now() - 5q")).toEqual([22, "unknown duration unit 'q' (use ms, s, m, h, d or w)"]);
    expect(columnOf("startDate = now() - 1h")).toEqual([13, "= needs a date; compare with now using > or <"]);
  });

  it("refuses ranges where they make no sense, at the operator", () => {
    expect(columnOf('stateMachine > "A"')?.[0]).toBe(14);
    expect(columnOf('state < "B"')?.[0]).toBe(7);
    expect(columnOf('status >= "FAILED"')?.[0]).toBe(8);
  });
});
