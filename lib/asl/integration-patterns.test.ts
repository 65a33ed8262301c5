import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createMockConfigInvoker, type MockConfig } from "./mock-config-invoker";
import { createSeededRandom } from "./seeded-random";
import type { TaskInvoker } from "./task-invoker";
import type { StateMachineDefinition } from "./types";

function run(definition: StateMachineDefinition, invoker: TaskInvoker) {
  return executeStateMachine({
    definition,
    input: "{}",
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(0),
    invoker,
    random: createSeededRandom(1),
  });
}

const mocks = (answer: MockConfig["MockedResponses"][string][string]): TaskInvoker =>
  createMockConfigInvoker(
    { StateMachines: { sm: { TestCases: { t: { Send: "M" } } } }, MockedResponses: { M: { "0": answer } } },
    "sm",
    "t",
  );

const callback: StateMachineDefinition = {
  StartAt: "Send",
  States: {
    Send: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      Parameters: { QueueUrl: "q", "MessageBody.$": "$$.Task.Token" },
      End: true,
    },
  },
};

describe("service integration patterns", () => {
  it("a .waitForTaskToken Task records TaskSubmitted between TaskStarted and the callback's result", async () => {
    const result = await run(callback, mocks({ Return: { approved: true } }));
    expect(result.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSubmitted",
      "TaskSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    const submitted = result.events[4]?.["taskSubmittedEventDetails"];
    expect(submitted).toMatchObject({
      resourceType: "sqs",
      resource: "sendMessage.waitForTaskToken",
      outputDetails: { truncated: false },
    });
    expect(Object.keys(JSON.parse(String(submitted?.["output"])) as object)).toEqual(["MD5OfMessageBody", "MessageId"]);
    expect(result.output).toBe('{"approved":true}');
  });

  it("a callback that times out records TaskTimedOut after TaskSubmitted", async () => {
    const result = await run(callback, mocks({ Throw: { Error: "States.Timeout" } }));
    expect(result.events.slice(4, 6).map((e) => e.type)).toEqual(["TaskSubmitted", "TaskTimedOut"]);
    expect(result.error).toBe("States.Timeout");
  });

  it("an invoker's own submission answer is recorded as given", async () => {
    const invoker: TaskInvoker = {
      invoke: () => Promise.resolve({ type: "success", output: 1, submitted: { JobId: "j-1" } }),
    };
    const result = await run(
      {
        StartAt: "Send",
        States: { Send: { Type: "Task", Resource: "arn:aws:states:::batch:submitJob.sync", End: true } },
      },
      invoker,
    );
    expect(result.events[4]?.["taskSubmittedEventDetails"]?.["output"]).toBe('{"JobId":"j-1"}');
  });

  it("a request-response Task records no TaskSubmitted", async () => {
    const result = await run(
      { StartAt: "Send", States: { Send: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } } },
      mocks({ Return: {} }),
    );
    expect(result.events.map((e) => e.type)).not.toContain("TaskSubmitted");
  });
});

describe("a failed Task inside a Parallel branch or Map iteration", () => {
  it("is aborted with its Parallel: TaskStateAborted then ParallelStateFailed, both after TaskFailed", async () => {
    const definition: StateMachineDefinition = {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          Branches: [
            {
              StartAt: "Send",
              States: { Send: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } },
            },
          ],
          End: true,
        },
      },
    };
    const result = await run(definition, mocks({ Throw: { Error: "Boom" } }));
    const failed = result.events.find((e) => e.type === "TaskFailed");
    const tail = result.events.slice(-3);
    expect(tail.map((e) => e.type)).toEqual(["TaskStateAborted", "ParallelStateFailed", "ExecutionFailed"]);
    expect(tail[0]?.previousEventId).toBe(failed?.id);
    expect(tail[1]?.previousEventId).toBe(failed?.id);
  });

  it("is aborted with its Map after MapIterationFailed", async () => {
    const definition: StateMachineDefinition = {
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          ItemProcessor: {
            StartAt: "Send",
            States: { Send: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", End: true } },
          },
          End: true,
        },
      },
    };
    const result = await executeStateMachine({
      definition,
      input: "[1]",
      stateMachineName: "sm",
      executionName: "ex",
      clock: createVirtualClock(0),
      invoker: mocks({ Throw: { Error: "Boom" } }),
      random: createSeededRandom(1),
    });
    expect(result.events.slice(-4).map((e) => e.type)).toEqual([
      "MapIterationFailed",
      "TaskStateAborted",
      "MapStateFailed",
      "ExecutionFailed",
    ]);
  });

  it("a Fail state ending a branch records no abort", async () => {
    const definition: StateMachineDefinition = {
      StartAt: "P",
      States: {
        P: { Type: "Parallel", Branches: [{ StartAt: "F", States: { F: { Type: "Fail", Error: "E" } } }], End: true },
      },
    };
    const result = await run(definition, mocks({ Return: {} }));
    expect(result.events.map((e) => e.type)).not.toContain("TaskStateAborted");
  });
});

describe("activity tasks", () => {
  const activity: StateMachineDefinition = {
    StartAt: "Work",
    States: {
      Work: {
        Type: "Task",
        Resource: "arn:aws:states:us-east-1:111111111111:activity:work",
        HeartbeatSeconds: 30,
        End: true,
      },
    },
  };

  it("records ActivityScheduled, ActivityStarted with the worker's name, ActivitySucceeded", async () => {
    const invoker: TaskInvoker = {
      invoke: () => Promise.resolve({ type: "success", output: { done: 1 }, workerName: "worker-7" }),
    };
    const result = await run(activity, invoker);
    expect(result.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "ActivityScheduled",
      "ActivityStarted",
      "ActivitySucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    expect(result.events[2]?.["activityScheduledEventDetails"]).toMatchObject({
      resource: "arn:aws:states:us-east-1:111111111111:activity:work",
      heartbeatInSeconds: 30,
    });
    expect(result.events[3]?.["activityStartedEventDetails"]).toEqual({ workerName: "worker-7" });
  });

  it("an activity nothing answers does not exist: States.Runtime before anything is scheduled", async () => {
    const result = await run(activity, { invoke: () => Promise.resolve(null) });
    expect(result.events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]);
    expect(result.error).toBe("States.Runtime");
    expect(result.cause).toBe(
      "An error occurred while executing the state 'Work' (entered at the event id #2). The activity arn:aws:states:us-east-1:111111111111:activity:work does not exist.",
    );
  });
});
