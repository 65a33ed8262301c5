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
    Charge: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:111111111111:function:charge",
      Parameters: { "order.$": "$order" },
      End: true,
    },
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
      "ExecutionRedriven",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    expect(added[0]).toMatchObject({
      id: failed.events.length + 1,
      previousEventId: failed.events.length,
      executionRedrivenEventDetails: { redriveCount: 1 },
    });
    expect(added[2]?.["lambdaFunctionScheduledEventDetails"]).toMatchObject({ input: '{"order":7}' });
  });
});

describe("redriving a failed Parallel or Map (AWS semantics)", () => {
  const branchTask = (name: string) => ({
    StartAt: name,
    States: { [name]: { Type: "Task", Resource: `arn:aws:lambda:us-east-1:111111111111:function:${name}`, End: true } },
  });
  const fanOut: StateMachineDefinition = {
    StartAt: "Fan",
    States: {
      Fan: {
        Type: "Parallel",
        Branches: [
          branchTask("A"),
          {
            StartAt: "B0",
            States: {
              B0: { Type: "Pass", Assign: { seen: "b0" }, Next: "B" },
              B: {
                Type: "Task",
                Resource: "arn:aws:lambda:us-east-1:111111111111:function:B",
                Parameters: { "seen.$": "$seen" },
                End: true,
              },
            },
          },
        ],
        End: true,
      },
    },
  };
  const config = (answers: Record<string, MockConfig["MockedResponses"][string][string]>): MockConfig => ({
    StateMachines: { sm: { TestCases: { t: Object.fromEntries(Object.keys(answers).map((k) => [k, k])) } } },
    MockedResponses: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, { "0": v }])),
  });
  const runOf = (
    definition: StateMachineDefinition,
    input: string,
    mocks: MockConfig,
    redriveFrom?: readonly AslHistoryEvent[],
  ) =>
    executeStateMachine({
      definition,
      input,
      stateMachineName: "sm",
      executionName: "ex",
      clock: createVirtualClock(0),
      invoker: createMockConfigInvoker(mocks, "sm", "t"),
      random: createSeededRandom(1),
      ...(redriveFrom === undefined ? {} : { redriveFrom }),
    });

  it("re-runs only the failed branch, from its failed state with the branch's variables; the other keeps its output", async () => {
    const failed = await runOf(fanOut, "{}", config({ A: { Return: "a" }, B: { Throw: { Error: "Boom" } } }));
    expect(failed.status).toBe("FAILED");
    const redriven = await runOf(
      fanOut,
      "{}",
      config({ A: { Throw: { Error: "MustNotRun" } }, B: { Return: "b" } }),
      failed.events,
    );
    expect(redriven.status).toBe("SUCCEEDED");
    expect(redriven.output).toBe('["a","b"]');
    const added = redriven.events.slice(failed.events.length);
    expect(added.map((e) => e.type)).toEqual([
      "ExecutionRedriven",
      "ParallelStateEntered",
      "ParallelStateStarted",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "ParallelStateSucceeded",
      "ParallelStateExited",
      "ExecutionSucceeded",
    ]);
    expect(added[3]?.["stateEnteredEventDetails"]).toMatchObject({ name: "B" });
    expect(added[4]?.["lambdaFunctionScheduledEventDetails"]).toMatchObject({ input: '{"seen":"b0"}' });
  });

  it("re-runs only the failed Map iterations, keeping the outputs of those that succeeded", async () => {
    const map: StateMachineDefinition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ToleratedFailureCount: 0,
          ItemProcessor: {
            StartAt: "Work",
            States: { Work: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:111111111111:function:w", End: true } },
          },
          End: true,
        },
      },
    };
    const first: MockConfig = {
      StateMachines: { sm: { TestCases: { t: { Work: "W" } } } },
      MockedResponses: { W: { "0": { Return: "r0" }, "1": { Throw: { Error: "Boom" } } } },
    };
    const failed = await runOf(map, "[0,1,2]", first);
    expect(failed.status).toBe("FAILED");
    const again: MockConfig = {
      StateMachines: { sm: { TestCases: { t: { Work: "W" } } } },
      MockedResponses: { W: { "0-1": { Return: "again" } } },
    };
    const redriven = await runOf(map, "[0,1,2]", again, failed.events);
    expect(redriven.output).toBe('["r0","again","again"]');
    const iterations = redriven.events
      .slice(failed.events.length)
      .filter((e) => e.type === "MapIterationStarted")
      .map((e) => e["mapIterationStartedEventDetails"]?.["index"]);
    expect(iterations).toEqual([1, 2]);
  });

  it("a second redrive still keeps what the first redrive did not re-run", async () => {
    const failed = await runOf(fanOut, "{}", config({ A: { Return: "a" }, B: { Throw: { Error: "Boom" } } }));
    const again = await runOf(
      fanOut,
      "{}",
      config({ A: { Throw: { Error: "MustNotRun" } }, B: { Throw: { Error: "Boom" } } }),
      failed.events,
    );
    expect(again.status).toBe("FAILED");
    const third = await runOf(
      fanOut,
      "{}",
      config({ A: { Throw: { Error: "MustNotRun" } }, B: { Return: "b" } }),
      again.events,
    );
    expect(third.output).toBe('["a","b"]');
    expect(
      third.events
        .filter((e) => e.type === "ExecutionRedriven")
        .map((e) => e["executionRedrivenEventDetails"]?.["redriveCount"]),
    ).toEqual([1, 2]);
  });

  it("retry counts start again in the redriven state", async () => {
    const retrying: StateMachineDefinition = {
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:111111111111:function:t",
          Retry: [{ ErrorEquals: ["Boom"], MaxAttempts: 1 }],
          Parameters: { "n.$": "$$.State.RetryCount" },
          End: true,
        },
      },
    };
    const failed = await runOf(retrying, "{}", {
      StateMachines: { sm: { TestCases: { t: { T: "T" } } } },
      MockedResponses: { T: { "0-1": { Throw: { Error: "Boom" } } } },
    });
    expect(failed.events.filter((e) => e.type === "LambdaFunctionFailed")).toHaveLength(2);
    const redriven = await runOf(
      retrying,
      "{}",
      {
        StateMachines: { sm: { TestCases: { t: { T: "T" } } } },
        MockedResponses: { T: { "0": { Throw: { Error: "Boom" } }, "1": { Return: "ok" } } },
      },
      failed.events,
    );
    const scheduled = redriven.events
      .slice(failed.events.length)
      .filter((e) => e.type === "LambdaFunctionScheduled")
      .map((e) => e["lambdaFunctionScheduledEventDetails"]?.["input"]);
    expect(scheduled).toEqual(['{"n":0}', '{"n":1}']);
    expect(redriven.status).toBe("SUCCEEDED");
  });

  it("refuses a history that did not fail", async () => {
    const ok = await runOf(fanOut, "{}", config({ A: { Return: "a" }, B: { Return: "b" } }));
    await expect(runOf(fanOut, "{}", config({}), ok.events)).rejects.toThrow(
      "Only a failed, timed-out or aborted execution can be redriven",
    );
  });
});
