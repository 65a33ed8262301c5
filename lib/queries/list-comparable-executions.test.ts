import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { compareRuns } from "../execution-view/compare-runs";
import { storeExecution } from "@/lib/store/store-execution";
import { listComparableExecutions } from "./list-comparable-executions";
import { listStateRunRows } from "./list-state-run-rows";

const arnOf = (machine: string, name: string) => `arn:aws:states:us-east-1:123456789012:execution:${machine}:${name}`;
const runs = [
  { name: "old-success", startDate: "2025-05-01T10:00:00.000Z", status: "SUCCEEDED" },
  { name: "last-success", startDate: "2025-05-02T10:00:00.000Z", status: "SUCCEEDED" },
  { name: "failed-1", startDate: "2025-05-03T10:00:00.000Z", status: "FAILED" },
  { name: "running", startDate: "2025-05-04T10:00:00.000Z", status: "RUNNING" },
  { name: "failed-2", startDate: "2025-05-05T10:00:00.000Z", status: "FAILED" },
] as const;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const r of runs) {
    const { parsed, derived } = buildExecutionHistory({
      name: r.name,
      stateMachineName: "Orders",
      startDate: r.startDate,
      status: r.status,
      tasks: 3,
    });
    await storeExecution(db, parsed, derived, { kind: "UPLOAD", name: "uploads" });
  }
  const { parsed, derived } = buildExecutionHistory({
    name: "elsewhere",
    stateMachineName: "Billing",
    startDate: "2025-05-06T10:00:00.000Z",
    status: "SUCCEEDED",
  });
  await storeExecution(db, parsed, derived, { kind: "UPLOAD", name: "uploads" });
}, 120_000);
afterAll(async () => db?.drop());

describe("listComparableExecutions", () => {
  it("offers the last success first, then the newest others of the same state machine, never itself", async () => {
    const list = await listComparableExecutions(db.prisma, arnOf("Orders", "failed-2"));
    expect(list?.map((e) => [e.name, e.lastSuccess])).toEqual([
      ["last-success", true],
      ["running", false],
      ["failed-1", false],
      ["old-success", false],
    ]);
    expect(list?.[0]).toMatchObject({
      executionArn: arnOf("Orders", "last-success"),
      status: "SUCCEEDED",
      startDate: "2025-05-02T10:00:00.000Z",
    });
  });

  it("respects the limit and is null for an unknown execution", async () => {
    expect((await listComparableExecutions(db.prisma, arnOf("Orders", "failed-2"), 2))?.map((e) => e.name)).toEqual([
      "last-success",
      "running",
    ]);
    expect(await listComparableExecutions(db.prisma, arnOf("Orders", "nope"))).toBeNull();
  });

  it("feeds compareRuns: a failed run diverges from the last success where its outcome differs", async () => {
    const failed = await listStateRunRows(db.prisma, arnOf("Orders", "failed-2"));
    const ok = await listStateRunRows(db.prisma, arnOf("Orders", "last-success"));
    const c = compareRuns(failed ?? [], ok ?? []);
    expect(c.firstDivergence).not.toBeNull();
    expect(c.outcomeDifferences.length).toBeGreaterThan(0);
    expect(c.outcomeDifferences.some((d) => d.left === "FAILED")).toBe(true);
  });
});
