import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { toBundle } from "../../e2e/helpers/to-bundle";
import { findStateDefinition } from "../asl/graph";
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
  const found = runs.find((r) => r.stateMachine?.name === "trial-reminder" && r.events.some((e) => e.type === "TaskStateEntered" && JSON.stringify(e).includes("SendReminder")));
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
    const context = { executionArn: arn, executionName: trial.identity.name, executionStartTime: trial.events[0]?.timestamp ?? "" };

    const check = await getStateRunDetail(db.prisma, arn, keyOf("CheckUsage"));
    expect(Object.fromEntries(check?.variablesSeen.map((v) => [v.name, [v.value, v.assignedBy.stateName]]) ?? [])).toEqual({
      reminders: [0, "StartTrial"],
      accountId: [expect.stringMatching(/^acct-/), "StartTrial"],
      plan: [expect.any(String), "StartTrial"],
    });
    // After the reminder, the second wait sees the count SendReminder assigned.
    const waitAgain = await getStateRunDetail(db.prisma, arn, keyOf("WaitThreeDays", 1));
    expect(waitAgain?.variablesSeen.find((v) => v.name === "reminders")).toMatchObject({ value: 1, assignedBy: { stateName: "SendReminder", runKey: keyOf("SendReminder") } });
    // StartTrial entered before anything was assigned.
    expect((await getStateRunDetail(db.prisma, arn, keyOf("StartTrial")))?.variablesSeen).toEqual([]);

    // The recorded Arguments and Output are what the definition gives over the recorded input, result and those variables.
    const definition = trial.stateMachine?.definition ?? "";
    const rechecked = await recheckJsonata(findStateDefinition(definition, "CheckUsage") ?? {}, "JSONata", check?.events ?? [], context, check?.variablesSeen ?? []);
    expect(rechecked.map((c) => [c.field, c.outcome.status])).toEqual([["Arguments", "same"], ["Output", "same"]]);
    const reminder = await getStateRunDetail(db.prisma, arn, keyOf("SendReminder"));
    const reminderChecks = await recheckJsonata(findStateDefinition(definition, "SendReminder") ?? {}, "JSONata", reminder?.events ?? [], context, reminder?.variablesSeen ?? []);
    expect(reminderChecks).toEqual([expect.objectContaining({ field: "Arguments", outcome: { status: "same" } })]);
  });
});
