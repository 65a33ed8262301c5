import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createMockConfigInvoker } from "./mock-config-invoker";
import { createRecordedHistoryInvoker } from "./recorded-history-invoker";
import { createSeededRandom } from "./seeded-random";
import type { StateMachineDefinition } from "./types";

const definition: StateMachineDefinition = {
  StartAt: "Call",
  States: {
    Call: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:111111111111:function:f",
      Retry: [{ ErrorEquals: ["Boom"], MaxAttempts: 1 }],
      Next: "Again",
    },
    Again: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true },
  },
};

const run = (invoker: Parameters<typeof executeStateMachine>[0]["invoker"]) =>
  executeStateMachine({
    definition,
    input: "{}",
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(0),
    invoker,
    random: createSeededRandom(1),
  });

describe("createRecordedHistoryInvoker", () => {
  it("replays an earlier execution's Task results attempt by attempt, giving the same history", async () => {
    const mocks = createMockConfigInvoker(
      {
        StateMachines: { sm: { TestCases: { t: { Call: "C", Again: "A" } } } },
        MockedResponses: {
          C: { "0": { Throw: { Error: "Boom", Cause: "once" } }, "1": { Return: { n: 1 } } },
          A: { "0": { Return: { Payload: 2 } } },
        },
      },
      "sm",
      "t",
    );
    const first = await run(mocks);
    const replay = await run(createRecordedHistoryInvoker(first.events));
    expect(replay.events).toEqual(first.events);
  });
});

describe("createRecordedHistoryInvoker with service integration patterns", () => {
  it("serves a .sync attempt's recorded TaskSubmitted output with its result", async () => {
    const sync: StateMachineDefinition = {
      StartAt: "Job",
      States: { Job: { Type: "Task", Resource: "arn:aws:states:::batch:submitJob.sync", End: true } },
    };
    const first = await executeStateMachine({
      definition: sync,
      input: "{}",
      stateMachineName: "sm",
      executionName: "ex",
      clock: createVirtualClock(0),
      random: createSeededRandom(1),
      invoker: {
        invoke: () =>
          Promise.resolve({ type: "success", output: { Status: "SUCCEEDED" }, submitted: { JobId: "j-7" } }),
      },
    });
    const replay = await executeStateMachine({
      definition: sync,
      input: "{}",
      stateMachineName: "sm",
      executionName: "ex",
      clock: createVirtualClock(0),
      random: createSeededRandom(1),
      invoker: createRecordedHistoryInvoker(first.events),
    });
    expect(replay.events.find((e) => e.type === "TaskSubmitted")?.["taskSubmittedEventDetails"]?.["output"]).toBe(
      '{"JobId":"j-7"}',
    );
    expect(replay.events).toEqual(first.events);
  });
});
