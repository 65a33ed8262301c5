import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { Prisma } from "@/lib/db/generated/client";
import { executionListParamsSchema } from "../execution-list-params";
import { executionListConditions, executionListOrder } from "../execution-list-sql";
import { countWithin } from "../count-executions";
import { countSeen, listExecutions } from "../list-executions";
import { readExecutionBatches } from "../read-execution-batches";
import { readExecutionRows } from "../read-execution-rows";
import { compileListQuery } from "./compile-list-query";
import { chooseDriver, planListQuery } from "./plan-list-query";

const NOW = new Date("2026-11-20T12:00:00.000Z");
/** Inputs by execution name; the names' order is the start order (e-01 newest). */
const inputs: Record<string, unknown> = {
  "e-01": { tag: "x", order: { amount: 10 } },
  "e-02": { tag: ["x"], order: { amount: 250 } },
  "e-03": { tag: { v: "x" }, order: { amount: 999.5 } },
  "e-04": { tag: null, order: { amount: 1.0 } },
  "e-05": [{ tag: "x" }],
  "e-06": { tag: "y", order: { amount: 500 }, items: [{ sku: "A" }, { sku: "B" }] },
  "e-07": { order: [{ amount: 10 }], items: [{ sku: "B" }] },
  "e-08": { order: { amount: 750 } },
};
const failed = new Set(["e-02", "e-06"]);
/** Pass states entered in order (Charge twice in e-02); a failed execution's Fail state is "Ship". */
const states: Record<string, string[]> = { "e-01": ["Charge"], "e-02": ["Charge", "Charge"], "e-03": ["Ship"] };

function bundleOf(name: string, i: number): string {
  const at = new Date(NOW.getTime() - (i + 1) * 60_000).toISOString();
  const end = new Date(NOW.getTime() - (i + 1) * 60_000 + 1000).toISOString();
  const input = JSON.stringify(inputs[name]);
  const fail = failed.has(name);
  const entered = (states[name] ?? []).flatMap((state) => [
    { type: "PassStateEntered", stateEnteredEventDetails: { name: state, input: "{}" } },
    { type: "PassStateExited", stateExitedEventDetails: { name: state, output: "{}" } },
  ]);
  const steps = [
    ...entered,
    ...(fail
      ? [
          { type: "FailStateEntered", stateEnteredEventDetails: { name: "Ship", input: "{}" } },
          { type: "ExecutionFailed", executionFailedEventDetails: { error: "E", cause: "c" } },
        ]
      : []),
  ].map((event, i) => ({
    id: i + 2,
    previousEventId: i + 1,
    timestamp: event.type === "ExecutionFailed" ? end : at,
    ...event,
  }));
  return JSON.stringify({
    execution: {
      executionArn: `arn:aws:states:us-east-1:111111111111:execution:Speed:${name}`,
      stateMachineArn: "arn:aws:states:us-east-1:111111111111:stateMachine:Speed",
      name,
      status: fail ? "FAILED" : "RUNNING",
      startDate: at,
      ...(fail ? { stopDate: end } : {}),
      input,
    },
    events: [
      { id: 1, previousEventId: 0, timestamp: at, type: "ExecutionStarted", executionStartedEventDetails: { input } },
      ...steps,
    ],
  });
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  for (const [i, name] of Object.keys(inputs).entries())
    await importHistoryText(db, bundleOf(name, i), { fileName: `${name}.json`, source: { kind: "UPLOAD", name: "t" } });
});
afterAll(async () => db?.drop());

const params = (p: Record<string, unknown>) => executionListParamsSchema.parse({ pageSize: 500, ...p });
const listed = async (p: Record<string, unknown>) => {
  const page = await listExecutions(db.prisma, params(p), NOW);
  return { names: page.rows.map((r) => r.name), total: page.total, lower: page.totalIsLowerBound, page };
};

describe("equality on a payload path through object keys, answered by containment alone", () => {
  /** The same path compared with `#>` (what the list re-checked before), for the expected answer. */
  const byPath = async (path: string[], json: string) =>
    (
      await db.prisma.$queryRaw<{ name: string }[]>(
        Prisma.sql`SELECT e.name FROM executions e WHERE (e.input_query #> ${path}::text[]) IS NOT DISTINCT FROM CAST(${json} AS jsonb) ORDER BY e.start_date DESC`,
      )
    ).map((r) => r.name);

  it.each([
    ['input.tag = "x"', ["tag"], '"x"', ["e-01"]],
    ["input.tag = null", ["tag"], "null", ["e-04"]],
    ['input.tag.v = "x"', ["tag", "v"], '"x"', ["e-03"]],
    ["input.order.amount = 1", ["order", "amount"], "1", ["e-04"]],
    ["input.order.amount = 10", ["order", "amount"], "10", ["e-01"]],
  ])("%s selects what the path holds, not an array holding it", async (q, path, json, expected) => {
    const compiled = compileListQuery(q, NOW);
    expect(compiled.where.sql).not.toContain("#>");
    expect(await byPath(path, json)).toEqual(expected);
    expect((await listed({ q })).names).toEqual(expected);
  });

  it("keeps the path check behind an array index, which containment matches at any position", async () => {
    const q = 'input.items[1].sku = "B"';
    expect(compileListQuery(q, NOW).where.sql).toContain("#>");
    expect((await listed({ q })).names).toEqual(["e-06"]);
    expect((await listed({ q: 'NOT input.tag = "x"' })).names).toEqual(Object.keys(inputs).filter((n) => n !== "e-01"));
  });
});

describe("the count of a lone range on payload numbers", () => {
  it("is the range's entries counted to plan it, exact below the cap", async () => {
    const planned = await planListQuery(db.prisma, "input.order.amount > 100", NOW);
    expect(planned.total).toEqual({ kind: "exact", total: 4 });
    const page = await listed({ q: "input.order.amount > 100", pageSize: 2 });
    expect(page.names).toEqual(["e-02", "e-03"]);
    expect(page).toMatchObject({ total: 4, lower: false });
    expect(page.page.totalIsEstimate).toBe(false);
  });

  it("is counted by the list when other filters narrow the range, or the query is more than one range", async () => {
    expect((await planListQuery(db.prisma, 'input.order.amount > 100 AND input.tag = "y"', NOW)).total).toBeNull();
    expect((await planListQuery(db.prisma, "NOT input.order.amount > 100", NOW)).total).toBeNull();
    expect(await listed({ q: "input.order.amount > 100", status: "FAILED" })).toMatchObject({
      names: ["e-02", "e-06"],
      total: 2,
    });
    expect(await listed({ q: 'input.order.amount > 100 AND input.tag = "y"' })).toMatchObject({
      names: ["e-06"],
      total: 1,
    });
  });
});

describe("the count of a lone state = X", () => {
  it.each([
    ['state = "Charge"', ["e-01", "e-02"]],
    ['failedState = "Ship"', ["e-02", "e-06"]],
    ['state = "Ship"', ["e-02", "e-03", "e-06"]],
  ])("%s counts each execution once, from the state runs alone", async (q, expected) => {
    expect(compileListQuery(q, NOW).stateIds).not.toBeNull();
    expect(await listed({ q, pageSize: 1 })).toMatchObject({ names: expected.slice(0, 1), total: expected.length });
    expect((await listed({ q })).names).toEqual(expected);
  });

  it("is counted with the other filters when there are any", async () => {
    expect(compileListQuery('state = "Charge" AND status = "FAILED"', NOW).stateIds).toBeNull();
    expect(await listed({ q: 'state = "Charge"', status: "FAILED" })).toMatchObject({ names: ["e-02"], total: 1 });
  });
});

describe("the export reads a range matching few executions from its ids", () => {
  it.each(["input.order.amount > 100", "input.order.amount <= 500 OR input.tag = null"])(
    "%s: the same rows, in the same order, as probing every execution walked",
    async (q) => {
      const p = params({ q });
      const probed = await readExecutionRows(db.prisma, {
        conditions: executionListConditions(p, NOW, compileListQuery(q, NOW)),
        order: executionListOrder(p, false),
        limit: 500,
        offset: 0,
        causeChars: null,
      });
      expect((await planListQuery(db.prisma, q, NOW)).where.sql).toContain(
        "(e.id, e.start_date) IN (SELECT pn.execution_id",
      );
      const batches: string[][] = [];
      for await (const rows of readExecutionBatches(db.prisma, p, { batchSize: 2, now: NOW }))
        batches.push(rows.map((r) => r.name));
      expect(batches.flat()).toEqual(probed.map((r) => r.name));
      expect(batches.flat().length).toBeGreaterThan(2);
    },
  );
});

describe("a count that reads many rows for few matches, within a time budget", () => {
  const capped = (sleep: number) =>
    Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM executions e WHERE pg_sleep(${sleep}) IS NOT NULL LIMIT 10001) s`;

  it("is exact when it ends in time, and nothing known (a lower bound of 0) when it does not", async () => {
    expect(await countWithin(db.prisma, capped(0), 60_000)).toEqual({ kind: "exact", total: 8 });
    expect(await countWithin(db.prisma, capped(0.05), 20)).toEqual({ kind: "lowerBound", total: 0 });
    // The budget was for that transaction only.
    expect(await countWithin(db.prisma, capped(0.01), 60_000)).toEqual({ kind: "exact", total: 8 });
  });

  it("says, in the list, at least the rows up to the page's end and one more when a next page exists", () => {
    const nothingKnown = { kind: "lowerBound", total: 0 } as const;
    expect(countSeen(nothingKnown, { whole: false, seen: 51 })).toEqual({ kind: "lowerBound", total: 51 });
    expect(countSeen(nothingKnown, { whole: true, seen: 7 })).toEqual({ kind: "exact", total: 7 });
    expect(countSeen({ kind: "estimate", total: 2000 }, { whole: true, seen: 40 })).toEqual({
      kind: "exact",
      total: 40,
    });
    expect(countSeen({ kind: "lowerBound", total: 10_000 }, { whole: false, seen: 10_101 })).toEqual({
      kind: "lowerBound",
      total: 10_101,
    });
    expect(countSeen({ kind: "exact", total: 300 }, { whole: false, seen: 51 })).toEqual({ kind: "exact", total: 300 });
  });
});

describe("a page read from a driver (the executions one condition's index lists), the rest checked on each", () => {
  // With the table's size known, conditions listing few executions drive the list (none did above).
  beforeAll(async () => {
    await db.pool.query("ANALYZE executions");
  });

  /** The list's rows walked in its order, every condition checked on each execution (no driver). */
  const walked = async (p: Record<string, unknown>) => {
    const parsed = params(p);
    const rows = await readExecutionRows(db.prisma, {
      conditions: executionListConditions(parsed, NOW, compileListQuery(parsed.q ?? "", NOW)),
      order: executionListOrder(parsed, false),
      limit: 500,
      offset: 0,
      causeChars: 300,
    });
    return rows.map((r) => r.name);
  };

  it.each([
    ["input.order.amount > 100", {}, ["e-02", "e-03", "e-06", "e-08"]],
    ["input.order.amount > 100", { status: "FAILED" }, ["e-02", "e-06"]],
    ['input.order.amount > 100 AND status = "FAILED"', {}, ["e-02", "e-06"]],
    ['state = "Charge" AND input.order.amount > 100', {}, ["e-02"]],
    ['failedState = "Ship" AND startDate > "2026-11-20T11:57:30Z"', {}, ["e-02"]],
    ['state = "Ship" AND NOT input.order.amount > 600', {}, ["e-02", "e-06"]],
    ['state = "Ship" AND (input.order.amount < 300 OR input.tag = "y")', { order: "asc" }, ["e-06", "e-02"]],
  ])("%s (%j) selects the executions walking the list selects, in its order", async (q, extra, expected) => {
    const planned = await planListQuery(db.prisma, q, NOW);
    expect(
      chooseDriver(
        planned,
        51,
        Object.keys(extra).some((k) => k !== "order"),
      ),
    ).not.toBeNull();
    expect(await walked({ q, ...extra })).toEqual(expected);
    expect(await listed({ q, ...extra })).toMatchObject({ names: expected, total: expected.length, lower: false });
  });

  it("pages by cursor, forwards and back, through the same rows", async () => {
    const q = "input.order.amount > 5";
    const all = (await listed({ q })).names;
    expect(all).toEqual(["e-01", "e-02", "e-03", "e-06", "e-08"]);
    const seen: string[] = [];
    let page = (await listed({ q, pageSize: 2 })).page;
    seen.push(...page.rows.map((r) => r.name));
    while (page.nextCursor) {
      page = (await listed({ q, pageSize: 2, after: page.nextCursor })).page;
      seen.push(...page.rows.map((r) => r.name));
    }
    expect(seen).toEqual(all);
    const back = (await listed({ q, pageSize: 2, before: page.prevCursor })).names;
    expect(back).toEqual(["e-03", "e-06"]);
    expect((await listed({ q, pageSize: 2, page: 2 })).names).toEqual(["e-03", "e-06"]);
  });

  it("is the condition listing fewest, when reading them costs less than walking the list's order", () => {
    const driver = (key: string, entries: number, rest: boolean) => ({
      key,
      entries,
      pairs: Prisma.empty,
      ids: Prisma.empty,
      narrowed: false,
      rest: rest ? Prisma.sql`TRUE` : null,
    });
    const plan = (counted: ReturnType<typeof driver>[]) => ({ counted, executions: 1_000_000, countedUpTo: 30_000 });
    // Alone (nothing else to check): up to ~27,000 of 1,000,000; with other conditions ~6,900.
    expect(chooseDriver(plan([driver("a", 20_000, false)]), 51, false)?.key).toBe("a");
    expect(chooseDriver(plan([driver("a", 20_000, false)]), 51, true)).toBeNull();
    expect(chooseDriver(plan([driver("a", 40_000, false)]), 51, false)).toBeNull();
    expect(chooseDriver(plan([driver("a", 9_000, true), driver("b", 5_000, true)]), 51, false)?.key).toBe("b");
    expect(chooseDriver(plan([driver("a", 9_000, true)]), 51, false)).toBeNull();
    // A deeper page walks further: a driver stays cheaper for more entries.
    expect(chooseDriver(plan([driver("a", 9_000, true)]), 501, false)?.key).toBe("a");
    // Never one counted past the planning's cap (it may list any number more).
    expect(chooseDriver({ ...plan([driver("a", 10_001, true)]), countedUpTo: 10_000 }, 5001, false)).toBeNull();
  });

  it("is none for an OR", async () => {
    expect((await planListQuery(db.prisma, 'state = "Charge" OR input.order.amount > 100', NOW)).counted).toEqual([]);
    expect(await listed({ q: 'state = "Charge" OR input.order.amount > 600' })).toMatchObject({
      names: ["e-01", "e-02", "e-03", "e-08"],
      total: 4,
    });
  });
});
