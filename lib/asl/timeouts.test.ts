import { describe, expect, it } from "vitest";
import type { Clock } from "./clock";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createMockConfigInvoker, type MockConfig } from "./mock-config-invoker";
import { createSeededRandom } from "./seeded-random";
import type { TaskInvocation, TaskInvoker } from "./task-invoker";
import type { StateMachineDefinition } from "./types";

const START = Date.UTC(2024, 0, 1);

function run(definition: StateMachineDefinition, invoker: TaskInvoker, clock: Clock = createVirtualClock(START)) {
  return executeStateMachine({
    definition,
    input: "{}",
    stateMachineName: "sm",
    executionName: "ex",
    clock,
    invoker,
    random: createSeededRandom(1),
  });
}

const mocks = (answer: MockConfig["MockedResponses"][string][string]): TaskInvoker =>
  createMockConfigInvoker(
    { StateMachines: { sm: { TestCases: { t: { Work: "M" } } } }, MockedResponses: { M: { "0": answer } } },
    "sm",
    "t",
  );

const task = (fields: Record<string, unknown>): StateMachineDefinition => ({
  StartAt: "Work",
  States: {
    Work: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:111111111111:function:f",
      End: true,
      ...fields,
    } as StateMachineDefinition["States"][string],
  },
});

const at = (ms: number) => new Date(START + ms).toISOString();

describe("Task TimeoutSeconds and HeartbeatSeconds on the virtual clock", () => {
  it("a mocked call slower than TimeoutSeconds times out when the timeout comes", async () => {
    const result = await run(task({ TimeoutSeconds: 2 }), mocks({ Return: { ok: true }, Delay: 5000 }));
    const timedOut = result.events.find((e) => e.type === "LambdaFunctionTimedOut");
    expect(timedOut?.["lambdaFunctionTimedOutEventDetails"]).toEqual({ error: "States.Timeout" });
    expect(timedOut?.timestamp).toBe(at(2000));
    expect(result.error).toBe("States.Timeout");
  });

  it("a mocked call within TimeoutSeconds succeeds, and the clock moves by its Delay", async () => {
    const clock = createVirtualClock(START);
    const result = await run(task({ TimeoutSeconds: 2 }), mocks({ Return: { ok: true }, Delay: 1500 }), clock);
    expect(result.status).toBe("SUCCEEDED");
    expect(clock.now()).toBe(START + 1500);
    expect(result.events.find((e) => e.type === "LambdaFunctionStarted")?.timestamp).toBe(at(0));
    expect(result.events.find((e) => e.type === "LambdaFunctionSucceeded")?.timestamp).toBe(at(1500));
  });

  it("an activity whose worker sends no heartbeat for HeartbeatSeconds fails with States.HeartbeatTimeout", async () => {
    const activity: StateMachineDefinition = {
      StartAt: "Work",
      States: {
        Work: {
          Type: "Task",
          Resource: "arn:aws:states:us-east-1:111111111111:activity:a",
          TimeoutSeconds: 60,
          HeartbeatSeconds: 3,
          End: true,
        },
      },
    };
    const result = await run(activity, mocks({ Return: {}, Delay: 10_000 }));
    const timedOut = result.events.find((e) => e.type === "ActivityTimedOut");
    expect(timedOut?.["activityTimedOutEventDetails"]).toEqual({ error: "States.HeartbeatTimeout" });
    expect(timedOut?.timestamp).toBe(at(3000));
  });

  it("a callback missing its heartbeat times out as AWS reports it, States.Timeout", async () => {
    const callback: StateMachineDefinition = {
      StartAt: "Work",
      States: {
        Work: {
          Type: "Task",
          Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          HeartbeatSeconds: 5,
          Parameters: { "MessageBody.$": "$$.Task.Token" },
          End: true,
        },
      },
    };
    const result = await run(callback, mocks({ Return: {}, Delay: 6000 }));
    expect(result.events.slice(-3).map((e) => e.type)).toEqual(["TaskSubmitted", "TaskTimedOut", "ExecutionFailed"]);
    expect(result.error).toBe("States.Timeout");
  });

  it("a timed-out attempt is retried like any States.Timeout", async () => {
    const invoker = createMockConfigInvoker(
      {
        StateMachines: { sm: { TestCases: { t: { Work: "M" } } } },
        MockedResponses: { M: { "0": { Return: 1, Delay: 9000 }, "1": { Return: 2 } } },
      },
      "sm",
      "t",
    );
    const result = await run(
      task({ TimeoutSeconds: 1, Retry: [{ ErrorEquals: ["States.Timeout"], IntervalSeconds: 1 }] }),
      invoker,
    );
    expect(result.output).toBe("2");
    expect(result.events.filter((e) => e.type === "LambdaFunctionTimedOut")).toHaveLength(1);
  });
});

describe("the state machine's TimeoutSeconds", () => {
  it("a Wait past the deadline ends the execution with ExecutionTimedOut at the deadline", async () => {
    const definition: StateMachineDefinition = {
      TimeoutSeconds: 10,
      StartAt: "W",
      States: { W: { Type: "Wait", Seconds: 100, End: true } },
    };
    const result = await run(definition, mocks({ Return: {} }));
    expect(result.status).toBe("TIMED_OUT");
    expect(result.events.map((e) => e.type)).toEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"]);
    expect(result.events[2]).toMatchObject({
      previousEventId: 2,
      timestamp: at(10_000),
      executionTimedOutEventDetails: { error: "States.Timeout" },
    });
  });

  it("a slow Task inside the deadline's reach times the execution out, not the Task", async () => {
    const definition: StateMachineDefinition = { ...task({ TimeoutSeconds: 60 }), TimeoutSeconds: 5 };
    const result = await run(definition, mocks({ Return: {}, Delay: 30_000 }));
    expect(result.status).toBe("TIMED_OUT");
    expect(result.events.map((e) => e.type)).not.toContain("LambdaFunctionTimedOut");
    expect(result.events.at(-1)?.timestamp).toBe(at(5000));
  });

  it("a run inside its TimeoutSeconds succeeds", async () => {
    const definition: StateMachineDefinition = {
      TimeoutSeconds: 10,
      StartAt: "W",
      States: { W: { Type: "Wait", Seconds: 9, End: true } },
    };
    expect((await run(definition, mocks({ Return: {} }))).status).toBe("SUCCEEDED");
  });
});

describe("timeouts on a clock where time passes by itself", () => {
  /** A real-time clock whose timers fire at once (time jumps): the race, without waiting. */
  function jumpingClock(): Clock {
    const virtual = createVirtualClock(START);
    return {
      realTime: true,
      now: virtual.now,
      sleep: (ms, signal) => (signal?.aborted === true ? new Promise(() => {}) : virtual.sleep(ms)),
    };
  }
  const hung: TaskInvoker = { invoke: () => new Promise(() => {}) };

  it("a handler that never answers times out at TimeoutSeconds", async () => {
    const result = await run(task({ TimeoutSeconds: 3 }), hung, jumpingClock());
    expect(result.error).toBe("States.Timeout");
    expect(result.events.find((e) => e.type === "LambdaFunctionTimedOut")?.timestamp).toBe(at(3000));
  });

  it("a handler that never answers times out the execution at its TimeoutSeconds", async () => {
    const result = await run({ ...task({}), TimeoutSeconds: 4 }, hung, jumpingClock());
    expect(result.status).toBe("TIMED_OUT");
    expect(result.events.at(-1)?.type).toBe("ExecutionTimedOut");
  });

  /** A wall clock whose timers fire `lateMs` after they were due (a loaded machine). */
  function lateClock(lateMs: number): Clock {
    const virtual = createVirtualClock(START);
    return {
      realTime: true,
      now: virtual.now,
      sleep: (ms, signal) => (signal?.aborted === true ? new Promise(() => {}) : virtual.sleep(ms + lateMs)),
    };
  }

  it("records ExecutionTimedOut at the execution's deadline even when the timer fires late, waiting or in a Task", async () => {
    const waiting: StateMachineDefinition = {
      TimeoutSeconds: 5,
      StartAt: "W",
      States: { W: { Type: "Wait", Seconds: 600, End: true } },
    };
    for (const [definition, invoker] of [
      [waiting, hung],
      [{ ...task({}), TimeoutSeconds: 5 }, hung],
    ] as const) {
      const result = await run(definition, invoker, lateClock(750));
      expect(result.status).toBe("TIMED_OUT");
      const end = result.events.at(-1)!;
      expect(end.type).toBe("ExecutionTimedOut");
      expect(end.timestamp).toBe(at(5000));
    }
  });
});

describe("a Task invocation's abandoned signal", () => {
  /** An invoker whose work lasts `durationMs` of the clock; it keeps each invocation it is given. */
  function lasting(durationMs: number, seen: TaskInvocation[], onInvoke?: (invocation: TaskInvocation) => void) {
    return {
      invoke: (invocation: TaskInvocation) => {
        seen.push(invocation);
        onInvoke?.(invocation);
        return Promise.resolve({ type: "success" as const, output: { ok: true }, durationMs });
      },
    };
  }

  it("is aborted when TimeoutSeconds passes before the work ends, whether the invoker read it before or after", async () => {
    const seen: TaskInvocation[] = [];
    let heardAbort = 0;
    const early = lasting(5000, seen, (invocation) =>
      invocation.abandoned?.addEventListener("abort", () => heardAbort++),
    );
    const result = await run(task({ TimeoutSeconds: 1 }), early);
    expect(result.status).toBe("FAILED");
    expect(heardAbort).toBe(1);
    expect(seen[0]?.abandoned?.aborted).toBe(true);

    // Read only once the attempt was given up: the signal is made already aborted.
    const late: TaskInvocation[] = [];
    await run(task({ TimeoutSeconds: 1 }), lasting(5000, late));
    expect(late[0]?.abandoned?.aborted).toBe(true);
  });

  it("stays unaborted when the work ends within its limits, and is the same signal on every read", async () => {
    const seen: TaskInvocation[] = [];
    const result = await run(task({ TimeoutSeconds: 10 }), lasting(5000, seen));
    expect(result.status).toBe("SUCCEEDED");
    const invocation = seen[0]!;
    expect(invocation.abandoned).toBeInstanceOf(AbortSignal);
    expect(invocation.abandoned?.aborted).toBe(false);
    expect(invocation.abandoned).toBe(invocation.abandoned);
    expect(invocation).toMatchObject({ stateName: "Work", retryCount: 0, payload: {} });
  });
});
