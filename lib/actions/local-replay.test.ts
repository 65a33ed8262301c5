import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createMockConfigInvoker } from "@/lib/asl/mock-config-invoker";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { storeLocalRun } from "@/lib/ingest/store-local-run";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { testActor } from "../../test/auth";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { AppError } from "@/lib/errors/app-error";
import { replayExecutionLocally } from "./local-replay";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db?.drop();
});

const lambda = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

/** Charge, then ship when the charge went through, else refuse. */
const definition: StateMachineDefinition = {
  StartAt: "Charge",
  States: {
    Charge: { Type: "Task", Resource: lambda("charge"), ResultPath: "$.charge", Next: "Route" },
    Route: {
      Type: "Choice",
      Choices: [{ Variable: "$.charge.approved", BooleanEquals: true, Next: "Ship" }],
      Default: "Refuse",
    },
    Ship: { Type: "Task", Resource: lambda("ship"), ResultPath: "$.shipment", End: true },
    Refuse: { Type: "Fail", Error: "Order.Refused", Cause: "the charge was declined" },
  },
};

/** Records an execution as if it came from AWS (account 123456789012) and uploads it as a bundle. */
async function storeRecorded(input: string): Promise<string> {
  const mocks = {
    StateMachines: { orders: { TestCases: { real: { Charge: "ChargeOk", Ship: "ShipOk" } } } },
    MockedResponses: {
      ChargeOk: { "0": { Return: { approved: true, id: "ch_1" } } },
      ShipOk: { "0": { Return: { tracking: "T-9" } } },
    },
  };
  const result = await executeStateMachine({
    definition,
    input,
    stateMachineName: "orders",
    executionName: "order-42",
    region: "eu-west-1",
    accountId: "123456789012",
    clock: createVirtualClock(Date.UTC(2025, 0, 2)),
    invoker: createMockConfigInvoker(mocks, "orders", "real"),
    random: createSeededRandom(1),
  });
  const bundle = {
    execution: {
      executionArn: result.executionArn,
      stateMachineArn: result.stateMachineArn,
      name: "order-42",
      status: result.status,
      startDate: result.events[0]?.timestamp,
      stopDate: result.events.at(-1)?.timestamp,
      output: result.output,
    },
    stateMachine: {
      stateMachineArn: result.stateMachineArn,
      name: "orders",
      type: "STANDARD",
      definition: JSON.stringify(definition),
      roleArn: result.roleArn,
    },
    events: result.events,
  };
  await importHistoryText(db, JSON.stringify(bundle), {
    fileName: "order-42.json",
    source: { kind: "UPLOAD", name: "uploads" },
  });
  return result.executionArn;
}

const taskStates = async (arn: string) =>
  ((await getHistoryEvents(db.prisma, arn)) ?? [])
    .filter((e) => e.type === "TaskStateEntered")
    .map((e) => (e["stateEnteredEventDetails"] as { name: string }).name);

describe("replayExecutionLocally", () => {
  it("reproduces the recorded outcome when nothing is edited, stored under local with its lineage and audit row", async () => {
    const original = await storeRecorded('{"order":42}');
    const replay = await replayExecutionLocally(db, testActor("olga"), original, { mode: "local" });

    expect(replay).toMatchObject({ replayOf: original, status: "SUCCEEDED", error: null, unresolvedTasks: [] });
    expect(replay.executionArn).toMatch(/:execution:orders:order-42-replay-[0-9a-f]{8}$/);
    const [before, after] = await Promise.all([
      db.prisma.execution.findUniqueOrThrow({ where: { executionArn: original } }),
      db.prisma.execution.findUniqueOrThrow({
        where: { executionArn: replay.executionArn },
        include: { source: true },
      }),
    ]);
    expect(after.output).toBe(before.output);
    expect(after.input).toBe(before.input);
    expect(after.replayOfExecutionId).toBe(before.id);
    expect(after.source.kind).toBe("LOCAL");
    expect(await taskStates(replay.executionArn)).toEqual(["Charge", "Ship"]);
    const audit = await db.prisma.auditLog.findMany({ where: { action: "execution.replay" } });
    expect(audit).toMatchObject([
      { actor: "olga", targetId: original, outcome: "OK", resultExecutionArn: replay.executionArn },
    ]);
    expect(audit[0]?.details).toMatchObject({
      mode: "local",
      edited: { input: false, definition: false },
      status: "SUCCEEDED",
    });
  });

  it("runs an edited input through the recorded task results", async () => {
    const original = await storeRecorded('{"order":42}');
    const replay = await replayExecutionLocally(db, testActor("olga"), original, {
      mode: "local",
      input: '{"order":43,"rush":true}',
    });
    const stored = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: replay.executionArn } });
    expect(stored.input).toBe('{"order":43,"rush":true}');
    expect(JSON.parse(stored.output ?? "null")).toEqual({
      order: 43,
      rush: true,
      charge: { approved: true, id: "ch_1" },
      shipment: { tracking: "T-9" },
    });
  });

  it("follows an edited definition, and a Task the recording never ran fails with no task resolution", async () => {
    const original = await storeRecorded('{"order":42}');
    const changed: StateMachineDefinition = {
      ...definition,
      States: {
        ...definition.States,
        Ship: { Type: "Task", Resource: lambda("ship"), ResultPath: "$.shipment", Next: "Notify" },
        Notify: { Type: "Task", Resource: lambda("notify"), End: true },
      },
    };
    const replay = await replayExecutionLocally(db, testActor("olga"), original, {
      mode: "local",
      definition: JSON.stringify(changed),
    });

    expect(replay).toMatchObject({ status: "FAILED", error: "States.TaskFailed", unresolvedTasks: ["Notify"] });
    expect(replay.cause).toMatch(/^No task resolution for state 'Notify'/);
    expect(await taskStates(replay.executionArn)).toEqual(["Charge", "Ship", "Notify"]);
    const stored = await db.prisma.execution.findUniqueOrThrow({
      where: { executionArn: replay.executionArn },
      include: { definition: true },
    });
    expect(JSON.parse(stored.definition?.definition ?? "null")).toEqual(changed);
    expect(stored.rootCauseState).toBe("Notify");
  });

  it("refuses an invalid edited definition naming the JSON path under /definition, audited and storing nothing", async () => {
    const original = await storeRecorded('{"order":42}');
    const broken = {
      ...definition,
      States: { ...definition.States, Ship: { Type: "Task", Resource: lambda("ship"), Next: "Nowhere" } },
    };
    const error = await replayExecutionLocally(db, testActor("olga"), original, {
      mode: "local",
      definition: JSON.stringify(broken),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual([
      { path: "/definition/States/Ship/Next", message: expect.stringContaining("Nowhere") as unknown },
    ]);
    expect(await db.prisma.execution.count()).toBe(1);
    expect(await db.prisma.auditLog.findMany({ where: { action: "execution.replay" } })).toMatchObject([
      { outcome: "REFUSED", targetId: original, resultExecutionArn: null },
    ]);
  });

  it("refuses input that is not JSON naming /input, and an unknown execution with 404", async () => {
    const original = await storeRecorded('{"order":42}');
    const bad = await replayExecutionLocally(db, testActor("olga"), original, { mode: "local", input: "{order" }).catch(
      (e: unknown) => e,
    );
    expect((bad as AppError).details).toMatchObject([{ path: "/input" }]);
    const missing = await replayExecutionLocally(db, testActor("olga"), `${original}-nope`, { mode: "local" }).catch(
      (e: unknown) => e,
    );
    expect((missing as AppError).code).toBe("not_found");
  });

  it("asks for a definition when the execution was uploaded without one", async () => {
    const events = await getHistoryEvents(db.prisma, await storeRecorded("{}"));
    const arn = "arn:aws:states:eu-west-1:123456789012:execution:orders:bare";
    await importHistoryText(db, JSON.stringify({ events }), {
      fileName: "bare.json",
      executionArn: arn,
      source: { kind: "UPLOAD", name: "uploads" },
    });
    const error = await replayExecutionLocally(db, testActor("olga"), arn, { mode: "local" }).catch((e: unknown) => e);
    expect((error as AppError).details).toMatchObject([
      { path: "/definition", message: expect.stringContaining("no definition is stored") as unknown },
    ]);
    const replay = await replayExecutionLocally(db, testActor("olga"), arn, {
      mode: "local",
      definition: JSON.stringify(definition),
    });
    expect(replay.status).toBe("SUCCEEDED");
  });

  it("stores nothing when the work inside the store's transaction fails (the audit row and the execution commit together)", async () => {
    const result = await executeStateMachine({
      definition,
      input: "{}",
      stateMachineName: "orders",
      executionName: "atomic",
      clock: createVirtualClock(0),
      invoker: { invoke: () => Promise.resolve(null) },
      random: createSeededRandom(1),
    });
    const failing = storeLocalRun(db, result, definition, "orders", "atomic", {
      inTransaction: async (client) => {
        await client.query("INSERT INTO audit_logs (actor, action, outcome) VALUES ('olga', 'execution.replay', 'OK')");
        throw new Error("lineage update failed");
      },
    });
    await expect(failing).rejects.toThrow("lineage update failed");
    expect(await db.prisma.execution.count()).toBe(0);
    expect(await db.prisma.auditLog.count()).toBe(0);
  });
});
