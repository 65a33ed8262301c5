import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createMockConfigInvoker } from "@/lib/asl/mock-config-invoker";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { storeLocalRun } from "@/lib/ingest/store-local-run";
import { replayExecutionLocally } from "@/lib/actions/local-replay";
import { testActor } from "../../test/auth";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { parseAnalyticsParams } from "./analytics-params";
import { getCosts } from "./get-costs";
import { getFailures } from "./get-failures";
import { getMetrics } from "./get-metrics";
import { getOverview } from "./get-overview";
import { listExecutions } from "./list-executions";
import { listStateMachines } from "./list-state-machines";
import { describeProductionScope } from "./production-scope";

// A local replay runs on a clock from the present: the figures are read at a moment after it.
const NOW = new Date(Date.now() + 60_000);
const DAY = 86_400_000;
const lambda = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

/** Charge; a declined payment is caught and the order fails with its own error. */
const definition: StateMachineDefinition = {
  StartAt: "Charge",
  States: {
    Charge: {
      Type: "Task",
      Resource: lambda("charge"),
      Catch: [{ ErrorEquals: ["Payment.Declined"], Next: "PaymentFailed" }],
      End: true,
    },
    PaymentFailed: { Type: "Fail", Error: "Order.PaymentFailed", Cause: "the payment was declined" },
  },
};
const mocks = {
  StateMachines: { "order-processing": { TestCases: { declined: { Charge: "Declined" } } } },
  MockedResponses: { Declined: { "0": { Throw: { Error: "Payment.Declined", Cause: "card declined" } } } },
};

let db: TestDatabase;
let original: string;
let replay: string;
let localOnly: string;

/** An execution as AWS recorded it (account 123456789012, eu-west-1), uploaded as a bundle. */
async function storeFromAws(name: string, startMs: number): Promise<string> {
  const result = await executeStateMachine({
    definition,
    input: '{"order":42}',
    stateMachineName: "order-processing",
    executionName: name,
    region: "eu-west-1",
    accountId: "123456789012",
    clock: createVirtualClock(startMs),
    invoker: createMockConfigInvoker(mocks, "order-processing", "declined"),
    random: createSeededRandom(1),
  });
  const bundle = {
    execution: {
      executionArn: result.executionArn,
      stateMachineArn: result.stateMachineArn,
      name,
      status: result.status,
      startDate: result.events[0]?.timestamp,
      stopDate: result.events.at(-1)?.timestamp,
      error: result.error,
      cause: result.cause,
    },
    stateMachine: {
      stateMachineArn: result.stateMachineArn,
      name: "order-processing",
      type: "STANDARD",
      definition: JSON.stringify(definition),
      roleArn: result.roleArn,
    },
    events: result.events,
  };
  await importHistoryText(db, JSON.stringify(bundle), {
    fileName: `${name}.json`,
    source: { kind: "AWS", name: "prod" },
  });
  return result.executionArn;
}

beforeAll(async () => {
  db = await createTestDatabase();
  original = await storeFromAws("order-1", NOW.getTime() - DAY);
  // A local replay of it (same recorded answers: fails the same way) and a local run of another machine.
  replay = (await replayExecutionLocally(db, testActor("olga"), original, { mode: "local" })).executionArn;
  const run = await executeStateMachine({
    definition: { StartAt: "Loop", States: { Loop: { Type: "Pass", End: true } } },
    stateMachineName: "scratch",
    executionName: "try-1",
    clock: createVirtualClock(NOW.getTime() - DAY / 2),
    invoker: { invoke: () => Promise.resolve(null) },
    random: createSeededRandom(1),
  });
  await storeLocalRun(db, run, { StartAt: "Loop", States: { Loop: { Type: "Pass", End: true } } }, "scratch", "try-1");
  localOnly = run.executionArn;
});
afterAll(async () => {
  await db?.drop();
});

const byDefault = parseAnalyticsParams({ range: "30d" });
const withLocal = parseAnalyticsParams({ range: "30d", include: "local" });
const localSource = parseAnalyticsParams({ range: "30d", source: "local" });

describe("local runs and the figures", () => {
  it("a local replay keeps its original's state machine (ARN, account, region): one state machine, counted apart", async () => {
    const stored = await db.prisma.execution.findUniqueOrThrow({
      where: { executionArn: replay },
      include: { stateMachine: true, source: true },
    });
    expect(stored.source.kind).toBe("LOCAL");
    expect(stored.stateMachine.arn).toBe("arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing");
    expect(replay).toMatch(/^arn:aws:states:eu-west-1:123456789012:execution:order-processing:order-1-replay-/);
    expect([stored.accountId, stored.region]).toEqual(["123456789012", "eu-west-1"]);
    const machines = await listStateMachines(db.prisma);
    expect(machines.filter((m) => m.name === "order-processing")).toEqual([
      expect.objectContaining({ executions: 1, failed: 1, localRuns: 1, accountId: "123456789012" }),
    ]);
    expect(machines.find((m) => m.name === "scratch")).toMatchObject({ executions: 0, localRuns: 1 });
  });

  it("Overview counts AWS and imported executions by default, local runs with include=local or the local source", async () => {
    const overview = await getOverview(db, byDefault, NOW);
    expect(overview.totals).toMatchObject({ total: 1, failed: 1 });
    expect(overview.machines.map((m) => [m.stateMachineArn, m.total])).toEqual([
      ["arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing", 1],
    ]);
    expect((await getOverview(db, withLocal, NOW)).totals).toMatchObject({ total: 3, failed: 2, succeeded: 1 });
    expect((await getOverview(db, localSource, NOW)).totals).toMatchObject({ total: 2, failed: 1, succeeded: 1 });
    // The daily grain (ranges past a week) too.
    expect((await getOverview(db, parseAnalyticsParams({ range: "90d" }), NOW)).totals.total).toBe(1);
    expect((await getOverview(db, parseAnalyticsParams({ range: "90d", include: "local" }), NOW)).totals.total).toBe(3);
  });

  it("Costs count no local run as AWS spend unless asked", async () => {
    const costs = await getCosts(db, byDefault, NOW);
    expect(costs.total.executions).toBe(1);
    expect(costs.byMachine.map((m) => [m.stateMachineArn, m.executions])).toEqual([
      ["arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing", 1],
    ]);
    expect(costs.topExecutions.map((e) => e.executionArn)).toEqual([original]);
    const all = await getCosts(db, withLocal, NOW);
    expect(all.total.executions).toBe(3);
    expect(all.topExecutions.map((e) => e.executionArn).sort()).toEqual([original, replay, localOnly].sort());
  });

  it("Failures count the group's production failures, its trend under the same filter", async () => {
    const failures = await getFailures(db, byDefault, NOW);
    expect(failures.groups).toHaveLength(1);
    expect(failures.groups[0]).toMatchObject({ error: "Payment.Declined", rootCauseState: "Charge", count: 1 });
    expect(failures.groups[0]!.trend.reduce((a, b) => a + b, 0)).toBe(1);
    // The replay failed the same way under the same state machine: one group, two failures.
    const all = await getFailures(db, withLocal, NOW);
    expect(all.groups.map((g) => [g.error, g.count])).toEqual([["Payment.Declined", 2]]);
    expect(all.groups[0]!.trend.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("/api/metrics counts production executions only, labelled by ARN", async () => {
    const families = await getMetrics(db, NOW);
    const executions = families.find((f) => f.name === "stepscope_executions_total")!;
    const failed = executions.samples.filter((s) => s.labels["status"] === "failed");
    expect(failed).toEqual([
      {
        labels: {
          state_machine: "order-processing",
          status: "failed",
          state_machine_arn: "arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing",
        },
        value: 1,
      },
    ]);
    expect(executions.samples.some((s) => s.labels["state_machine"] === "scratch")).toBe(false);
    const failures = families.find((f) => f.name === "stepscope_failures_total")!;
    expect(failures.samples.map((s) => s.value)).toEqual([1]);
  });

  it("the executions list filters by a state machine's ARN and shows the root-cause and the final error", async () => {
    const page = await listExecutions(db.prisma, {
      stateMachine: "arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing",
      page: 1,
      pageSize: 50,
      sort: "startDate",
      order: "desc",
      range: "all",
    });
    expect(page.rows.map((r) => r.executionArn).sort()).toEqual([original, replay].sort());
    expect(page.rows.find((r) => r.executionArn === original)).toMatchObject({
      error: "Order.PaymentFailed",
      rootCauseError: "Payment.Declined",
      rootCauseState: "Charge",
    });
  });

  it("says what each figure covers", () => {
    expect(describeProductionScope(byDefault)).toBe("AWS, imported and demo executions; local runs excluded");
    expect(describeProductionScope(withLocal)).toMatch(/local runs/);
    expect(describeProductionScope(localSource)).toBe("Executions of the source local only");
  });
});
