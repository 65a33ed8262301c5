import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import type { Prisma } from "@/lib/db/generated/client";
import { compileQuery } from "./compile-query";
import { parseQuery } from "./parse-query";
import { planListQuery } from "./plan-list-query";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const inputs: Record<string, unknown> = {
  "n-1": { order: { amount: 10 }, total: 3 },
  "n-2": { order: { amount: 250 }, total: 300 },
  "n-3": { order: { amount: 999.5 } },
  "n-4": { order: { amount: -5 }, total: 1e3 },
  "n-5": { order: { amount: "100" } },
  "n-6": { items: [{ qty: 2 }, { qty: 7 }] },
};

function bundleOf(name: string, i: number): string {
  const at = new Date(NOW.getTime() - (i + 1) * 60_000).toISOString();
  const input = JSON.stringify(inputs[name]);
  return JSON.stringify({
    execution: {
      executionArn: `arn:aws:states:us-east-1:111111111111:execution:Numbers:${name}`,
      stateMachineArn: "arn:aws:states:us-east-1:111111111111:stateMachine:Numbers",
      name,
      status: "RUNNING",
      startDate: at,
      input,
    },
    events: [
      { id: 1, previousEventId: 0, timestamp: at, type: "ExecutionStarted", executionStartedEventDetails: { input } },
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

const names = async (where: Prisma.Sql) =>
  (await db.prisma.$queryRaw<{ name: string }[]>`SELECT e.name FROM executions e WHERE ${where} ORDER BY e.name`).map(
    (r) => r.name,
  );

describe("ranges on payload numbers, read from their ids or probed per execution", () => {
  it.each([
    ["input.order.amount > 100", ["n-2", "n-3"]],
    ["input.order.amount <= 10", ["n-1", "n-4"]],
    ["NOT input.order.amount > 100", ["n-1", "n-4", "n-5", "n-6"]],
    ["input.order.amount >= 10 AND input.total < 1000", ["n-1", "n-2"]],
    ["input.order.amount > 500 OR input.items[1].qty >= 7", ["n-3", "n-6"]],
    ["input.order.amount != 250 AND input.order.amount > -10", ["n-1", "n-3", "n-4"]],
  ])("%s selects %j either way", async (q, expected) => {
    const node = parseQuery(q);
    const probed = compileQuery(node, NOW);
    const small = new Set(probed.numberRanges.map((r) => r.key));
    expect(small.size).toBeGreaterThan(0);
    const fromIds = compileQuery(node, NOW, { smallRanges: small });
    expect(await names(probed.where)).toEqual(expected);
    expect(await names(fromIds.where)).toEqual(expected);
  });

  it("names each range once, whatever its repeats", () => {
    const compiled = compileQuery(parseQuery("input.a > 1 AND (input.a > 1 OR output.a > 1) AND input.a > 2"), NOW);
    expect(compiled.numberRanges.map((r) => JSON.parse(r.key) as unknown)).toEqual([
      ["input", ["a"], ">", 1],
      ["output", ["a"], ">", 1],
      ["input", ["a"], ">", 2],
    ]);
  });

  it("reads a range that matches few entries from its ids, after counting them on the index", async () => {
    const planned = await planListQuery(db.prisma, "input.order.amount > 100", NOW);
    expect(planned.where.sql).toContain("(e.id, e.start_date) IN (SELECT pn.execution_id");
    expect(await names(planned.where)).toEqual(["n-2", "n-3"]);
    const plain = await planListQuery(db.prisma, 'name = "n-1"', NOW);
    expect(plain.numberRanges).toEqual([]);
  });
});
