import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createMockConfigInvoker, type MockConfig } from "./mock-config-invoker";
import { createSeededRandom } from "./seeded-random";
import type { AslHistoryEvent, StateMachineDefinition } from "./types";

const definition: StateMachineDefinition = {
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Assign: { order: 7 }, Result: { ok: true }, Next: "Charge" },
    Charge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:111111111111:function:charge", Parameters: { "order.$": "$order" }, End: true },
  },
};

const mocks = (answer: MockConfig["MockedResponses"][string][string]): MockConfig => ({
  StateMachines: { sm: { TestCases: { t: { Charge: "C" } } } },
  MockedResponses: { C: { "0": answer } },
});

const run = (config: MockConfig, redriveFrom?: readonly AslHistoryEvent[]) =>
  executeStateMachine({
    definition,
    input: "{}",
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(0),
    invoker: createMockConfigInvoker(config, "sm", "t"),
    random: createSeededRandom(1),
    ...(redriveFrom === undefined ? {} : { redriveFrom }),
  });

describe("redriving a failed execution", () => {
  it("continues the same history from the failed state, with its input and the variables before it", async () => {
    const failed = await run(mocks({ Throw: { Error: "Declined" } }));
    expect(failed.status).toBe("FAILED");
    const redriven = await run(mocks({ Return: { charged: true } }), failed.events);
    expect(redriven.status).toBe("SUCCEEDED");
    const added = redriven.events.slice(failed.events.length);
    expect(added.map((e) => e.type)).toEqual([
      "ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded",
    ]);
    expect(added[0]).toMatchObject({ id: failed.events.length + 1, previousEventId: failed.events.length, executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(added[2]?.["lambdaFunctionScheduledEventDetails"]).toMatchObject({ input: '{"order":7}' });
  });
});
