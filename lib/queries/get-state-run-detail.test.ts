import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { toBundle } from "../../e2e/helpers/to-bundle";
import { findStateDefinition } from "../asl/graph";
import { createVirtualClock } from "../asl/clock";
import { executeStateMachine } from "../asl/execute-state-machine";
import { createMockConfigInvoker } from "../asl/mock-config-invoker";
import { createSeededRandom } from "../asl/seeded-random";
import type { StateMachineDefinition } from "../asl/types";
import { runExampleExecutions } from "../examples/run-example-executions";
import { recheckJsonata } from "../execution-view/recheck-jsonata";
import type { ParsedExecution } from "../history/types";
import { importHistoryText } from "../ingest/import-history-text";
import { getExecutionView } from "./get-execution-view";
import { getStateRunDetail } from "./get-state-run-detail";

let db: TestDatabase;
let trial: ParsedExecution;

beforeAll(async () => {
  db = await createTestDatabase();
  // The bundled JSONata example, run in the interpreter: one that sent a reminder and waited again.
  const runs = await runExampleExecutions({ seed: 7, count: 60, now: new Date("2026-11-22T12:00:00.000Z") });
  const found = runs.find(
    (r) =>
      r.stateMachine?.name === "trial-reminder" &&
      r.events.some((e) => e.type === "TaskStateEntered" && JSON.stringify(e).includes("SendReminder")),
  );
  if (!found) throw new Error("no trial-reminder execution sent a reminder");
  trial = found;
  await importHistoryText(db, toBundle(trial), { fileName: "trial.json", source: { kind: "UPLOAD", name: "uploads" } });
});
afterAll(async () => db?.drop());

describe("getStateRunDetail: variables seen", () => {
  it("gives each variable a run could read with the state that assigned it last, and JSONata re-evaluates to what was recorded", async () => {
    const arn = trial.identity.executionArn;
    const view = await getExecutionView(db.prisma, arn);
    const keyOf = (name: string, nth = 0) => view?.runs.filter((r) => r.name === name)[nth]?.key ?? "";
    const context = {
      executionArn: arn,
      executionName: trial.identity.name,
      executionStartTime: trial.events[0]?.timestamp ?? "",
    };

    const check = await getStateRunDetail(db.prisma, arn, keyOf("CheckUsage"));
    expect(
      Object.fromEntries(check?.variablesSeen.map((v) => [v.name, [v.value, v.assignedBy.stateName]]) ?? []),
    ).toEqual({
      reminders: [0, "StartTrial"],
      accountId: [expect.stringMatching(/^acct-/), "StartTrial"],
      plan: [expect.any(String), "StartTrial"],
    });
    // After the reminder, the second wait sees the count SendReminder assigned.
    const waitAgain = await getStateRunDetail(db.prisma, arn, keyOf("WaitThreeDays", 1));
    expect(waitAgain?.variablesSeen.find((v) => v.name === "reminders")).toMatchObject({
      value: 1,
      assignedBy: { stateName: "SendReminder", runKey: keyOf("SendReminder") },
    });
    // StartTrial entered before anything was assigned.
    expect((await getStateRunDetail(db.prisma, arn, keyOf("StartTrial")))?.variablesSeen).toEqual([]);

    // The recorded Arguments and Output are what the definition gives over the recorded input, result and those variables.
    const definition = trial.stateMachine?.definition ?? "";
    const rechecked = await recheckJsonata(
      findStateDefinition(definition, "CheckUsage") ?? {},
      "JSONata",
      check?.events ?? [],
      context,
      check?.variablesSeen ?? [],
    );
    expect(rechecked.map((c) => [c.field, c.outcome.status])).toEqual([
      ["Arguments", "same"],
      ["Output", "same"],
    ]);
    const reminder = await getStateRunDetail(db.prisma, arn, keyOf("SendReminder"));
    const reminderChecks = await recheckJsonata(
      findStateDefinition(definition, "SendReminder") ?? {},
      "JSONata",
      reminder?.events ?? [],
      context,
      reminder?.variablesSeen ?? [],
    );
    expect(reminderChecks).toEqual([expect.objectContaining({ field: "Arguments", outcome: { status: "same" } })]);
  });
});

describe("getStateRunDetail: variables stay in their Map iteration", () => {
  it("a state sees what its own iteration and the states before the Map assigned, never a sibling iteration's, and after the Map only the outer ones", async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: "JSONata",
      StartAt: "Init",
      States: {
        Init: { Type: "Pass", Assign: { outer: 1 }, Next: "Each" },
        Each: {
          Type: "Map",
          Items: "{% [10, 20] %}",
          ItemProcessor: {
            StartAt: "Mark",
            States: {
              Mark: { Type: "Pass", Assign: { item: "{% $states.input %}" }, Next: "After" },
              After: { Type: "Pass", End: true },
            },
          },
          Next: "Done",
        },
        Done: { Type: "Pass", End: true },
      },
    };
    const run = await executeStateMachine({
      definition,
      input: "{}",
      stateMachineName: "scoped",
      executionName: "scoped-1",
      clock: createVirtualClock(Date.parse("2026-11-20T08:00:00Z")),
      invoker: createMockConfigInvoker({ StateMachines: {}, MockedResponses: {} }, "scoped", "none"),
      random: createSeededRandom(1),
    });
    expect(run.status).toBe("SUCCEEDED");
    const bundle = {
      execution: { executionArn: run.executionArn, stateMachineArn: run.stateMachineArn, name: "scoped-1" },
      stateMachine: {
        stateMachineArn: run.stateMachineArn,
        name: "scoped",
        type: "STANDARD",
        definition: JSON.stringify(definition),
      },
      events: run.events,
    };
    await importHistoryText(db, JSON.stringify(bundle), {
      fileName: "scoped.json",
      source: { kind: "UPLOAD", name: "uploads" },
    });
    const view = await getExecutionView(db.prisma, run.executionArn);
    const seenBy = async (name: string, nth = 0) => {
      const d = await getStateRunDetail(
        db.prisma,
        run.executionArn,
        view?.runs.filter((r) => r.name === name)[nth]?.key ?? "",
      );
      return Object.fromEntries(d?.variablesSeen.map((v) => [v.name, [v.value, v.assignedBy.stateName]]) ?? []);
    };
    expect(await seenBy("After", 0)).toEqual({ outer: [1, "Init"], item: [10, "Mark"] });
    expect(await seenBy("Mark", 1)).toEqual({ outer: [1, "Init"] });
    expect(await seenBy("After", 1)).toEqual({ outer: [1, "Init"], item: [20, "Mark"] });
    expect(await seenBy("Done")).toEqual({ outer: [1, "Init"] });
  });
});
