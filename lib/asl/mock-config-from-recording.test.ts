import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createMockConfigInvoker, type MockConfig } from "./mock-config-invoker";
import { mockConfigFromRecording } from "./mock-config-from-recording";
import { createSeededRandom } from "./seeded-random";
import type { StateMachineDefinition } from "./types";

const definition: StateMachineDefinition = {
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: {
        StartAt: "Call",
        States: {
          Call: {
            Type: "Task",
            Resource: "arn:aws:states:::lambda:invoke",
            Retry: [{ ErrorEquals: ["Busy"], IntervalSeconds: 1, MaxAttempts: 3 }],
            End: true,
          },
        },
      },
      MaxConcurrency: 1,
      Next: "Last",
    },
    Last: { Type: "Task", Resource: "arn:aws:sns:us-east-1:111111111111:topic", End: true },
  },
};

const run = (config: MockConfig, testCase: string) =>
  executeStateMachine({
    definition,
    input: JSON.stringify({ items: [1, 2] }),
    stateMachineName: "sm",
    executionName: testCase,
    clock: createVirtualClock(0),
    invoker: createMockConfigInvoker(config, "sm", testCase),
    random: createSeededRandom(1),
  });

describe("mockConfigFromRecording", () => {
  it("writes each Task state's attempts as successive responses, equal neighbours merged into a range", async () => {
    const recorded = await run(
      {
        StateMachines: { sm: { TestCases: { original: { Call: "C", Last: "L" } } } },
        MockedResponses: {
          C: {
            "0-1": { Throw: { Error: "Busy", Cause: "later" } },
            "2": { Return: { Payload: 1 } },
            "3": { Return: { Payload: 2 } },
          },
          L: { "0": { Throw: { Error: "Topic.Gone" } } },
        },
      },
      "original",
    );
    const config = mockConfigFromRecording(recorded.events, { stateMachineName: "sm", testCase: "ex-1" });
    expect(config).toEqual({
      StateMachines: { sm: { TestCases: { "ex-1": { Call: "ex-1.Call", Last: "ex-1.Last" } } } },
      MockedResponses: {
        "ex-1.Call": {
          "0-1": { Throw: { Error: "Busy", Cause: "later" } },
          "2": { Return: { Payload: 1 } },
          "3": { Return: { Payload: 2 } },
        },
        "ex-1.Last": { "0": { Throw: { Error: "Topic.Gone" } } },
      },
    });
  });

  it("reproduces the recorded history when run with the mocks it wrote", async () => {
    const recorded = await run(
      {
        StateMachines: { sm: { TestCases: { original: { Call: "C", Last: "L" } } } },
        MockedResponses: {
          C: { "0": { Throw: { Error: "Busy", Cause: "later" } }, "1-3": { Return: { Payload: "ok" } } },
          L: { "0": { Return: { MessageId: "m" } } },
        },
      },
      "original",
    );
    const again = await run(
      mockConfigFromRecording(recorded.events, { stateMachineName: "sm", testCase: "original" }),
      "original",
    );
    expect(again.events).toEqual(recorded.events);
    expect(again.output).toBe(recorded.output);
  });
});
