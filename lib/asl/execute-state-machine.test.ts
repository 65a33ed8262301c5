import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createMockConfigInvoker } from "./mock-config-invoker";
import { createSeededRandom } from "./seeded-random";
import type { TaskInvoker } from "./task-invoker";
import type { StateMachineDefinition } from "./types";

const none: TaskInvoker = { invoke: () => Promise.resolve(null) };

function run(
  definition: StateMachineDefinition,
  input: string,
  invoker: TaskInvoker = none,
  clock = createVirtualClock(0),
) {
  return executeStateMachine({
    definition,
    input,
    stateMachineName: "sm",
    executionName: "ex",
    clock,
    invoker,
    random: createSeededRandom(1),
  });
}

describe("executeStateMachine", () => {
  it("a one-day Wait costs nothing and moves the virtual clock by a day", async () => {
    const clock = createVirtualClock(0);
    const result = await run(
      { StartAt: "W", States: { W: { Type: "Wait", Seconds: 86_400, End: true } } },
      "{}",
      none,
      clock,
    );
    expect(result.status).toBe("SUCCEEDED");
    expect(clock.now()).toBe(86_400_000);
    expect(result.events.at(-1)?.timestamp).toBe("1970-01-02T00:00:00.000Z");
  });

  it("retries a Lambda Task per its mocks and records AWS's Lambda events", async () => {
    const invoker = createMockConfigInvoker(
      {
        StateMachines: { sm: { TestCases: { t: { Call: "M" } } } },
        MockedResponses: { M: { "0-1": { Throw: { Error: "Boom", Cause: "x" } }, "2": { Return: { ok: true } } } },
      },
      "sm",
      "t",
    );
    const definition: StateMachineDefinition = {
      StartAt: "Call",
      States: {
        Call: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:111111111111:function:f",
          Retry: [{ ErrorEquals: ["Boom"], MaxAttempts: 2 }],
          End: true,
        },
      },
    };
    const result = await run(definition, "{}", invoker);
    expect(result.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionFailed",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionFailed",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    expect(result.output).toBe('{"ok":true}');
  });

  it("fails with States.NoChoiceMatched when no rule matches and there is no Default", async () => {
    const result = await run(
      {
        StartAt: "C",
        States: {
          C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericEquals: 1, Next: "D" }] },
          D: { Type: "Succeed" },
        },
      },
      '{"n":2}',
    );
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.NoChoiceMatched");
  });

  it("a Task nothing resolves fails with a cause naming what was missing", async () => {
    const result = await run(
      { StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } } },
      "{}",
    );
    expect(result.status).toBe("FAILED");
    expect(result.cause).toContain("no mocked response, local handler or recorded result");
  });

  it("runs JSONata Output and Assign with the variables from before the state", async () => {
    const result = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "A",
        States: {
          A: { Type: "Pass", Assign: { x: 1 }, Next: "B" },
          B: { Type: "Pass", Output: "{% $x + $states.input.y %}", Assign: { x: "{% $x + 10 %}" }, End: true },
        },
      },
      '{"y":2}',
    );
    expect(result.output).toBe("3");
    expect(result.events.at(-2)?.["stateExitedEventDetails"]).toMatchObject({ assignedVariables: { x: "11" } });
  });
});

describe("stopping an execution", () => {
  it("records TaskStateAborted then ExecutionAborted when the stop signal is set during a Task", async () => {
    const signal = { aborted: false };
    const invoker: TaskInvoker = {
      invoke: () => {
        signal.aborted = true;
        return Promise.resolve({ type: "success", output: {} });
      },
    };
    const result = await executeStateMachine({
      definition: {
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Next: "P" },
          P: { Type: "Pass", End: true },
        },
      },
      input: "{}",
      stateMachineName: "sm",
      executionName: "ex",
      clock: createVirtualClock(0),
      invoker,
      random: createSeededRandom(1),
      signal,
    });
    expect(result.status).toBe("ABORTED");
    expect(result.events.slice(-2).map((e) => e.type)).toEqual(["TaskStateAborted", "ExecutionAborted"]);
  });
});

describe("Distributed Map over an ItemReader", () => {
  it("reads CSV items through the invoker and records a Map Run, not the child executions", async () => {
    const invoker: TaskInvoker = {
      invoke: ({ resource }) =>
        Promise.resolve(
          resource.endsWith("s3:getObject") ? { type: "success", output: { Body: "id,name\n1,a\n2,b\n" } } : null,
        ),
    };
    const result = await run(
      {
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            ItemReader: {
              Resource: "arn:aws:states:::s3:getObject",
              ReaderConfig: { InputType: "CSV" },
              Parameters: { Bucket: "b", Key: "k.csv" },
            },
            ItemProcessor: {
              ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
              StartAt: "P",
              States: { P: { Type: "Pass", End: true } },
            },
            End: true,
          },
        },
      },
      "{}",
      invoker,
    );
    expect(result.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "MapStateEntered",
      "MapStateStarted",
      "MapRunStarted",
      "MapRunSucceeded",
      "MapStateSucceeded",
      "MapStateExited",
      "ExecutionSucceeded",
    ]);
    expect(result.output).toBe('[{"id":"1","name":"a"},{"id":"2","name":"b"}]');
  });
});
