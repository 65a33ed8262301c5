import { describe, expect, it } from "vitest";
import type { KnownContext } from "./data-flow-types";
import { recheckJsonata, type SeenVariable } from "./recheck-jsonata";
import type { RunEvent } from "./state-run-detail-types";

const ctx: KnownContext = {
  executionArn: "arn:aws:states:us-east-1:123456789012:execution:sm:run-1",
  executionName: "run-1",
  executionStartTime: "2026-11-20T08:00:00.000Z",
};
let nextId = 1;
const ev = (type: string, key: string, details: Record<string, unknown>): RunEvent => ({
  id: nextId,
  previousEventId: nextId++ - 1,
  timestamp: "2026-11-20T08:00:01.000Z",
  type,
  details: { [key]: details },
});
const str = (v: unknown) => JSON.stringify(v);
const seen = (name: string, value: unknown): SeenVariable => ({
  name,
  value,
  assignedBy: { stateName: "StartTrial", runKey: "StartTrial#2", eventId: 3 },
});

const checkUsage = {
  Type: "Task",
  Resource: "arn:aws:states:::lambda:invoke",
  Arguments: {
    FunctionName: "check-usage",
    Payload: { accountId: "{% $accountId %}", plan: "{% $uppercase($plan) %}" },
  },
  Output: "{% $states.result.Payload %}",
};
const runEvents = (sentPlan: string, exitedOutput: unknown) => [
  ev("TaskStateEntered", "stateEnteredEventDetails", { name: "CheckUsage", input: str({ any: 1 }) }),
  ev("TaskScheduled", "taskScheduledEventDetails", {
    parameters: str({ FunctionName: "check-usage", Payload: { accountId: "a-1", plan: sentPlan } }),
  }),
  ev("TaskSucceeded", "taskSucceededEventDetails", { output: str({ Payload: { converted: true } }) }),
  ev("TaskStateExited", "stateExitedEventDetails", { name: "CheckUsage", output: str(exitedOutput) }),
];

describe("recheckJsonata", () => {
  it("evaluates Arguments with the variables earlier states assigned and Output over the recorded result: same as recorded", async () => {
    const checks = await recheckJsonata(checkUsage, "JSONata", runEvents("PRO", { converted: true }), ctx, [
      seen("accountId", "a-1"),
      seen("plan", "pro"),
    ]);
    expect(checks).toEqual([
      { field: "Arguments", expression: checkUsage.Arguments, outcome: { status: "same" } },
      { field: "Output", expression: checkUsage.Output, outcome: { status: "same" } },
    ]);
  });

  it("says where the recording differs from what the definition gives, with the computed value", async () => {
    const checks = await recheckJsonata(checkUsage, "JSONata", runEvents("basic", { converted: false }), ctx, [
      seen("accountId", "a-1"),
      seen("plan", "pro"),
    ]);
    expect(checks[0]?.outcome).toEqual({
      status: "differs",
      computed: { FunctionName: "check-usage", Payload: { accountId: "a-1", plan: "PRO" } },
    });
    expect(checks[1]?.outcome).toEqual({ status: "differs", computed: { converted: true } });
  });

  it("is unknown, naming the variable, when no earlier state assigned one it reads; and never guesses $uuid()", async () => {
    const checks = await recheckJsonata(checkUsage, "JSONata", runEvents("PRO", { converted: true }), ctx, [
      seen("accountId", "a-1"),
    ]);
    expect(checks[0]?.outcome).toEqual({
      status: "unknown",
      reason: "reads $plan, which no earlier state in its scope assigned",
    });
    const pass = { Type: "Pass", Output: { id: "{% $uuid() %}", local: "{% ($x := 2; $x * 2) %}" } };
    const passChecks = await recheckJsonata(
      pass,
      "JSONata",
      [
        ev("PassStateEntered", "stateEnteredEventDetails", { name: "P", input: str({}) }),
        ev("PassStateExited", "stateExitedEventDetails", { name: "P", output: str({ id: "x", local: 4 }) }),
      ],
      ctx,
      [],
    );
    expect(passChecks[0]?.outcome).toEqual({ status: "unknown", reason: "uses $uuid(), whose value was not recorded" });
  });

  it("re-evaluates nothing for a JSONPath state", async () => {
    expect(await recheckJsonata({ Type: "Pass", Parameters: { "a.$": "$.a" } }, null, [], ctx, [])).toEqual([]);
  });
});
