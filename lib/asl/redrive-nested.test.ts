import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createMockConfigInvoker, type MockConfig } from "./mock-config-invoker";
import { createSeededRandom } from "./seeded-random";
import type { AslHistoryEvent, StateMachineDefinition } from "./types";

describe("redriving nested containers", () => {
  const lambda = (name: string) => ({
    Type: "Task",
    Resource: `arn:aws:lambda:us-east-1:111111111111:function:${name}`,
    End: true,
  });
  const nested: StateMachineDefinition = {
    StartAt: "Outer",
    States: {
      Outer: {
        Type: "Parallel",
        End: true,
        Branches: [
          { StartAt: "X", States: { X: lambda("X") } },
          {
            StartAt: "Inner",
            States: {
              Inner: {
                Type: "Parallel",
                End: true,
                Branches: [
                  { StartAt: "Y", States: { Y: lambda("Y") } },
                  { StartAt: "Z", States: { Z: lambda("Z") } },
                ],
              },
            },
          },
        ],
      },
    },
  };
  const mocks = (answers: Record<string, MockConfig["MockedResponses"][string][string]>): MockConfig => ({
    StateMachines: { sm: { TestCases: { t: Object.fromEntries(Object.keys(answers).map((k) => [k, k])) } } },
    MockedResponses: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, { "0": v }])),
  });
  const runOf = (config: MockConfig, redriveFrom?: readonly AslHistoryEvent[]) =>
    executeStateMachine({
      definition: nested,
      input: "{}",
      stateMachineName: "sm",
      executionName: "ex",
      clock: createVirtualClock(0),
      invoker: createMockConfigInvoker(config, "sm", "t"),
      random: createSeededRandom(1),
      ...(redriveFrom === undefined ? {} : { redriveFrom }),
    });

  it("re-runs only the failed branch of the inner Parallel; the outer and inner successful branches keep their outputs", async () => {
    const failed = await runOf(mocks({ X: { Return: "x" }, Y: { Return: "y" }, Z: { Throw: { Error: "Boom" } } }));
    expect(failed.status).toBe("FAILED");
    const redriven = await runOf(
      mocks({ X: { Throw: { Error: "MustNotRun" } }, Y: { Throw: { Error: "MustNotRun" } }, Z: { Return: "z" } }),
      failed.events,
    );
    expect(redriven.output).toBe('["x",["y","z"]]');
    const entered = redriven.events
      .slice(failed.events.length)
      .filter((e) => e.type.endsWith("StateEntered"))
      .map((e) => e["stateEnteredEventDetails"]?.["name"]);
    expect(entered).toEqual(["Outer", "Inner", "Z"]);
  });
});
