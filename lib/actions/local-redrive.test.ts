import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { localRunSchema } from "@/lib/local-runs/local-run-schema";
import { runLocalDefinition } from "@/lib/local-runs/run-local-definition";
import { testActor } from "../../test/auth";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { AppError } from "@/lib/errors/app-error";
import { redriveLocalExecution } from "./local-redrive";
import { replayExecutionLocally } from "./local-replay";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db?.drop();
});

const definition = JSON.stringify({
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Result: { order: 7 }, Next: "Charge" },
    Charge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:111111111111:function:charge", End: true },
  },
});
const mocks = (answer: unknown) =>
  JSON.stringify({
    StateMachines: { orders: { TestCases: { t: { Charge: "C" } } } },
    MockedResponses: { C: { "0": answer } },
  });

async function failedLocalRun(): Promise<string> {
  const run = localRunSchema.parse({
    definition,
    stateMachineName: "orders",
    mockConfig: mocks({ Throw: { Error: "Declined" } }),
    testCase: "t",
  });
  const { executionArn, status } = await runLocalDefinition(db, run, testActor("olga"));
  expect(status).toBe("FAILED");
  return executionArn;
}

const types = async (arn: string) => ((await getHistoryEvents(db.prisma, arn)) ?? []).map((e) => e.type);

describe("redriveLocalExecution", () => {
  it("continues the same execution from the failed state with the given mocks, counting the redrive, audited", async () => {
    const arn = await failedLocalRun();
    const before = await types(arn);
    const result = await redriveLocalExecution(db, testActor("olga"), arn, {
      mockConfig: mocks({ Return: { charged: true } }),
      testCase: "t",
    });

    expect(result).toEqual({ executionArn: arn, status: "SUCCEEDED", redriveCount: 1, error: null, cause: null });
    const after = await types(arn);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([
      "ExecutionRedriven",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    const row = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: arn } });
    expect(row).toMatchObject({ status: "SUCCEEDED", redriveCount: 1, output: '{"charged":true}' });
    expect(await db.prisma.execution.count()).toBe(1);
    const audit = await db.prisma.auditLog.findMany({ where: { action: "execution.redrive" } });
    expect(audit).toMatchObject([{ actor: "olga", targetId: arn, outcome: "OK", resultExecutionArn: arn }]);
    expect(audit[0]?.details).toMatchObject({ mode: "local", redriveCount: 1, status: "SUCCEEDED" });
  });

  it("fails again without mocks (the Task has no resolution) and counts every redrive", async () => {
    const arn = await failedLocalRun();
    const first = await redriveLocalExecution(db, testActor("olga"), arn);
    expect(first).toMatchObject({ status: "FAILED", redriveCount: 1, error: "States.TaskFailed" });
    expect(first.cause).toMatch(/^No task resolution for state 'Charge'/);
    const second = await redriveLocalExecution(db, testActor("olga"), arn);
    expect(second.redriveCount).toBe(2);
    expect((await types(arn)).filter((t) => t === "ExecutionRedriven")).toHaveLength(2);
    expect((await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: arn } })).redriveCount).toBe(2);
  });

  it("refuses a succeeded execution and one that did not run locally, with the reason, audited as REFUSED", async () => {
    const arn = await failedLocalRun();
    await redriveLocalExecution(db, testActor("olga"), arn, { mockConfig: mocks({ Return: {} }), testCase: "t" });
    const succeeded = await redriveLocalExecution(db, testActor("olga"), arn).catch((e: unknown) => e);
    expect(succeeded).toBeInstanceOf(AppError);
    expect((succeeded as AppError).message).toContain(
      "is SUCCEEDED: only a FAILED, TIMED_OUT or ABORTED execution can be redriven",
    );

    const refusals = await db.prisma.auditLog.findMany({ where: { action: "execution.redrive", outcome: "REFUSED" } });
    expect(refusals).toMatchObject([{ targetId: arn, resultExecutionArn: null }]);
    expect((await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: arn } })).redriveCount).toBe(1);
  });

  it("refuses a mock config without the state machine's test case, naming its path", async () => {
    const arn = await failedLocalRun();
    const error = await redriveLocalExecution(db, testActor("olga"), arn, {
      mockConfig: mocks({ Return: {} }),
      testCase: "other",
    }).catch((e: unknown) => e);
    expect((error as AppError).details).toMatchObject([{ path: "/mockConfig/StateMachines/orders/TestCases/other" }]);
  });

  it("redrives a failed local replay on the replay itself", async () => {
    const arn = await failedLocalRun();
    const replay = await replayExecutionLocally(db, testActor("olga"), arn, { mode: "local" });
    expect(replay.status).toBe("FAILED");
    const result = await redriveLocalExecution(db, testActor("olga"), replay.executionArn, {
      mockConfig: mocks({ Return: { ok: 1 } }),
      testCase: "t",
    });
    expect(result).toMatchObject({ executionArn: replay.executionArn, status: "SUCCEEDED", redriveCount: 1 });
    expect((await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: arn } })).status).toBe("FAILED");
  });
});
