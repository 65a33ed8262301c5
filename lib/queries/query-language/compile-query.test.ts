import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { executionListParamsSchema } from "../execution-list-params";
import { listExecutions } from "../list-executions";

const NOW = new Date("2025-06-01T12:00:00.000Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

interface Fixture {
  readonly name: string;
  readonly machine: string;
  readonly region: string;
  readonly account: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly start: number;
  /** Null: still running. */
  readonly durationMs: number | null;
  readonly input: unknown;
  readonly output?: unknown;
  /** Pass states entered in order; `failAt` names a Fail state entered last. */
  readonly states: readonly string[];
  readonly failAt?: { state: string; error: string; cause: string };
  readonly redriveCount?: number;
}

const fixtures: readonly Fixture[] = [
  {
    name: "ord-1",
    machine: "OrderFlow",
    region: "us-east-1",
    account: "111111111111",
    type: "STANDARD",
    start: NOW.getTime() - HOUR,
    durationMs: 30_000,
    input: { order: { id: "o-1", amount: 250, customerId: "c-1" }, items: [{ sku: "A-1" }], vip: true },
    output: { receipt: "r-1" },
    states: ["Validate", "Charge"],
  },
  {
    name: "ord-2",
    machine: "OrderFlow",
    region: "us-east-1",
    account: "111111111111",
    type: "STANDARD",
    start: NOW.getTime() - 3 * HOUR,
    durationMs: 5 * MIN,
    input: { order: { id: "o-2", amount: 50, customerId: "c-2" }, items: [{ sku: "B-2" }, { sku: "A-1" }], vip: false },
    states: ["Validate"],
    failAt: { state: "Charge", error: "Card.Declined", cause: "card declined by issuer" },
  },
  {
    name: "ord-3",
    machine: "ReportJob",
    region: "eu-west-1",
    account: "222222222222",
    type: "EXPRESS",
    start: Date.parse("2025-05-30T10:00:00.000Z"),
    durationMs: 2 * HOUR,
    input: { report: "daily", order: { amount: "100" } },
    output: { rows: 3 },
    states: ["Report"],
    redriveCount: 2,
  },
  {
    name: "ord-4",
    machine: "OrderFlow",
    region: "us-east-1",
    account: "111111111111",
    type: "STANDARD",
    start: NOW.getTime() - 10 * MIN,
    durationMs: null,
    // Over the 64 KiB limit: indexed on its top level only (tenant), its order undecidable.
    input: { order: { id: "o-4", amount: 999 }, tenant: "acme", blob: "x".repeat(70_000) },
    states: ["Validate"],
  },
];

/** A bundle as `describe-execution` + `describe-state-machine` + `get-execution-history` print them. */
function bundleOf(f: Fixture): string {
  const machineArn = `arn:aws:states:${f.region}:${f.account}:stateMachine:${f.machine}`;
  const input = JSON.stringify(f.input);
  const stop = f.durationMs === null ? null : f.start + f.durationMs;
  const status = f.durationMs === null ? "RUNNING" : f.failAt ? "FAILED" : "SUCCEEDED";
  const events: Record<string, unknown>[] = [];
  const push = (type: string, at: number, details?: [string, object]) => {
    const id = events.length + 1;
    events.push({
      id,
      previousEventId: id - 1,
      timestamp: iso(at),
      type,
      ...(details ? { [details[0]]: details[1] } : {}),
    });
  };
  push("ExecutionStarted", f.start, ["executionStartedEventDetails", { input, inputDetails: { truncated: false } }]);
  f.states.forEach((state, i) => {
    const at = f.start + i * 10 + 1;
    push("PassStateEntered", at, ["stateEnteredEventDetails", { name: state, input: "{}" }]);
    push("PassStateExited", at + 1, ["stateExitedEventDetails", { name: state, output: "{}" }]);
  });
  if (f.failAt) {
    push("FailStateEntered", stop! - 1, ["stateEnteredEventDetails", { name: f.failAt.state, input: "{}" }]);
    push("ExecutionFailed", stop!, ["executionFailedEventDetails", { error: f.failAt.error, cause: f.failAt.cause }]);
  } else if (stop !== null) {
    const output = JSON.stringify(f.output ?? {});
    push("ExecutionSucceeded", stop, [
      "executionSucceededEventDetails",
      { output, outputDetails: { truncated: false } },
    ]);
  }
  return JSON.stringify({
    execution: {
      executionArn: `arn:aws:states:${f.region}:${f.account}:execution:${f.machine}:${f.name}`,
      stateMachineArn: machineArn,
      name: f.name,
      status,
      startDate: iso(f.start),
      ...(stop === null ? {} : { stopDate: iso(stop) }),
      input,
      redriveCount: f.redriveCount ?? 0,
    },
    stateMachine: {
      stateMachineArn: machineArn,
      name: f.machine,
      type: f.type,
      definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}',
      roleArn: `arn:aws:iam::${f.account}:role/r`,
    },
    events,
  });
}

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const f of fixtures) {
    await importHistoryText(db, bundleOf(f), {
      fileName: `${f.name}.json`,
      source: { kind: "UPLOAD", name: "fixtures" },
    });
  }
});

afterAll(async () => {
  await db?.drop();
});

async function select(q: string) {
  const page = await listExecutions(db.prisma, executionListParamsSchema.parse({ q, pageSize: 500 }), NOW);
  return { names: page.rows.map((r) => r.name).sort(), undecided: page.undecided };
}

describe("the query language on Postgres", () => {
  it.each([
    ['status = "FAILED"', ["ord-2"]],
    ['status != "FAILED"', ["ord-1", "ord-3", "ord-4"]],
    ['status IN ("succeeded", "RUNNING")', ["ord-1", "ord-3", "ord-4"]],
    ['stateMachine = "ReportJob"', ["ord-3"]],
    ['stateMachine = "arn:aws:states:us-east-1:111111111111:stateMachine:OrderFlow"', ["ord-1", "ord-2", "ord-4"]],
    ['stateMachine ~ "report"', ["ord-3"]],
    ['name = "ord-2"', ["ord-2"]],
    ['name IN ("ord-1", "ord-3")', ["ord-1", "ord-3"]],
    ['source = "fixtures"', ["ord-1", "ord-2", "ord-3", "ord-4"]],
    ['source = "elsewhere"', []],
    ['account = "222222222222"', ["ord-3"]],
    ['region = "eu-west-1"', ["ord-3"]],
    ['type = "EXPRESS"', ["ord-3"]],
    ['error = "Card.Declined"', ["ord-2"]],
    ["error EXISTS", ["ord-2"]],
    ["NOT error EXISTS", ["ord-1", "ord-3", "ord-4"]],
    ['error != "Card.Declined"', ["ord-1", "ord-3", "ord-4"]],
    ['cause ~ "DECLINED BY"', ["ord-2"]],
    ['rootCauseState = "Charge"', ["ord-2"]],
    ['state = "Charge"', ["ord-1", "ord-2"]],
    ['state = "Report"', ["ord-3"]],
    ['state ~ "valid"', ["ord-1", "ord-2", "ord-4"]],
    ['state != "Validate"', ["ord-3"]],
    ['failedState = "Charge"', ["ord-2"]],
    ['failedState = "Validate"', []],
    ["startDate > now-2h", ["ord-1", "ord-4"]],
    ['startDate = "2025-05-30"', ["ord-3"]],
    ['startDate <= "2025-05-30"', ["ord-3"]],
    ['startDate > "2025-05-30"', ["ord-1", "ord-2", "ord-4"]],
    ['startDate < "2025-06-01T10:00:00Z"', ["ord-2", "ord-3"]],
    ["stopDate EXISTS", ["ord-1", "ord-2", "ord-3"]],
    ["duration > 1m", ["ord-2", "ord-3"]],
    ["duration <= 30s", ["ord-1"]],
    ["duration = 30000", ["ord-1"]],
    ["redriveCount >= 1", ["ord-3"]],
    ['input.order.customerId = "c-1"', ["ord-1"]],
    ["input.order.amount > 100", ["ord-1"]],
    ["input.order.amount <= 50", ["ord-2"]],
    ["input.order.amount > 249.5", ["ord-1"]],
    ["input.order.amount >= 250 AND input.order.amount < 250.0001", ["ord-1"]],
    ["input.order.amount > -1e3", ["ord-1", "ord-2"]],
    ["NOT input.order.amount > 100", ["ord-2", "ord-3"]],
    ["output.rows < 4", ["ord-3"]],
    ["output.rows > 3", []],
    ['input.order.amount >= "100"', ["ord-3"]],
    ['input.items[0].sku = "B-2"', ["ord-2"]],
    ['input.items[1].sku = "A-1"', ["ord-2"]],
    ["input.vip = true", ["ord-1"]],
    ["input.vip = false", ["ord-2"]],
    ['input.tenant = "acme"', ["ord-4"]],
    ['input.order.amount ~ "10"', ["ord-3"]],
    ["input.order.amount IN (50, 250)", ["ord-1", "ord-2"]],
    ["output.receipt EXISTS", ["ord-1"]],
    ["output.rows = 3", ["ord-3"]],
    ['"card declined"', ["ord-2"]],
    ["Declined", ["ord-2"]],
    ['status = "FAILED" AND input.order.amount < 100 AND state = "Charge"', ["ord-2"]],
    ['NOT status = "FAILED" AND type = "EXPRESS" OR name = "ord-2"', ["ord-2", "ord-3"]],
    ['NOT (status = "FAILED" OR type = "EXPRESS")', ["ord-1", "ord-4"]],
    [`name = "x' OR 1=1 --"`, []],
  ])("%s selects %j", async (q, names) => {
    expect((await select(q)).names).toEqual(names);
  });

  it("says how many executions a large payload left undecided, and only when the query reads payloads", async () => {
    expect(await select("input.order.amount > 100")).toEqual({
      names: ["ord-1"],
      undecided: { total: 1, totalIsLowerBound: false },
    });
    // NOT flips what an undecided condition would have been: ord-4 is still undecided.
    expect(await select("input.order.amount != 250")).toEqual({
      names: ["ord-2", "ord-3"],
      undecided: { total: 1, totalIsLowerBound: false },
    });
    // The top-level member of a large payload is kept: decided.
    expect((await select('input.tenant = "acme"')).undecided).toEqual({ total: 0, totalIsLowerBound: false });
    expect((await select('status = "FAILED"')).undecided).toBeNull();
  });

  it("refuses a wrong expression with a 422 naming the column", async () => {
    await expect(select('status = "FAILED" AND stauts = "x"')).rejects.toMatchObject({
      code: "unprocessable_entity",
      message: expect.stringContaining("q: column 23: unknown field 'stauts'") as unknown,
      details: { field: "q", column: 23 },
    });
  });

  it("keeps every number of an input and output at its path, and follows a change of the input", async () => {
    const numbers = async (client: { query: typeof db.pool.query }) =>
      (
        await client.query<{ root: string; path: string[]; value: string }>(
          `SELECT n.root, n.path, n.value::text AS value FROM execution_payload_numbers n
             JOIN executions e ON e.id = n.execution_id WHERE e.name = 'ord-1' ORDER BY 1, 2`,
        )
      ).rows;
    expect(await numbers(db.pool)).toEqual([{ root: "input", path: ["order", "amount"], value: "250" }]);
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `UPDATE executions SET input = '{"items":[{"qty":2},{"qty":1.5}],"n":[[7]],"s":"9"}' WHERE name = 'ord-1'`,
      );
      expect(await numbers(client)).toEqual([
        { root: "input", path: ["items", "0", "qty"], value: "2" },
        { root: "input", path: ["items", "1", "qty"], value: "1.5" },
        { root: "input", path: ["n", "0", "0"], value: "7" },
      ]);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
