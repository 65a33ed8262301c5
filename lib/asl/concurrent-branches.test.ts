import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createSeededRandom } from "./seeded-random";
import type { TaskInvoker } from "./task-invoker";
import type { AslHistoryEvent, JsonObject, StateMachineDefinition } from "./types";

const START = Date.UTC(2024, 0, 1);
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

/** Every Task answers `{"status": "PENDING"}` at once. */
const pending: TaskInvoker = { invoke: () => Promise.resolve({ type: "success", output: { status: "PENDING" } }) };

function run(definition: StateMachineDefinition, input = "{}") {
  return executeStateMachine({
    definition,
    input,
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(START),
    invoker: pending,
    random: createSeededRandom(1),
    maxEvents: 2_000,
  });
}

const types = (events: readonly AslHistoryEvent[]) => events.map((e) => e.type);
const details = (e: AslHistoryEvent | undefined, key: string) => e?.[`${key}EventDetails`];

/** A branch that polls every minute until a status that never comes. */
const poller: JsonObject = {
  StartAt: "Poll",
  States: {
    Poll: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:111111111111:function:poll", Next: "Sleep" },
    Sleep: { Type: "Wait", Seconds: 60, Next: "Done?" },
    "Done?": {
      Type: "Choice",
      Choices: [{ Variable: "$.status", StringEquals: "DONE", Next: "Finished" }],
      Default: "Poll",
    },
    Finished: { Type: "Succeed" },
  },
};

describe("Parallel branches run concurrently on the virtual clock", () => {
  const definition: StateMachineDefinition = {
    StartAt: "Both",
    States: {
      Both: {
        Type: "Parallel",
        End: true,
        Branches: [
          poller,
          {
            StartAt: "Later",
            States: {
              Later: { Type: "Wait", Seconds: 300, Next: "Boom" },
              Boom: { Type: "Fail", Error: "Boom", Cause: "the sibling failed" },
            },
          },
        ],
      },
    },
  };

  it("a sibling's failure at 5 minutes ends a branch polling every minute, there and then", async () => {
    const result = await run(definition);
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Boom");
    // Polls at 0, 60, 120, 180 and 240 s; at 300 s the sibling fails while the poller waits.
    expect(result.events.filter((e) => e.type === "LambdaFunctionScheduled")).toHaveLength(5);
    const tail = result.events.slice(-4);
    expect(types(tail)).toEqual(["FailStateEntered", "WaitStateAborted", "ParallelStateFailed", "ExecutionFailed"]);
    // The aborted state hangs off the failure's last event, as the Parallel's failure does.
    expect(tail[1]?.previousEventId).toBe(tail[0]?.id);
    expect(tail[2]?.previousEventId).toBe(tail[0]?.id);
    expect(result.events.at(-1)?.timestamp).toBe(at(300));
  });

  it("every branch starts before any ends: the second branch's Wait is entered before the first branch's Task ends", async () => {
    const result = await run(definition);
    const list = types(result.events);
    expect(list.indexOf("WaitStateEntered")).toBeLessThan(list.indexOf("LambdaFunctionSucceeded"));
    const later = result.events.find((e) => details(e, "stateEntered")?.["name"] === "Later");
    expect(later?.timestamp).toBe(at(0));
  });

  it("gives the same history on every run", async () => {
    const [a, b] = await Promise.all([run(definition), run(definition)]);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });

  it("a stopped branch inside a nested Parallel records the nested Parallel's abort and its running state's", async () => {
    const nested: StateMachineDefinition = {
      StartAt: "Outer",
      States: {
        Outer: {
          Type: "Parallel",
          End: true,
          Branches: [
            { StartAt: "Inner", States: { Inner: { Type: "Parallel", End: true, Branches: [poller] } } },
            {
              StartAt: "Later",
              States: {
                Later: { Type: "Wait", Seconds: 90, Next: "Boom" },
                Boom: { Type: "Fail", Error: "Boom" },
              },
            },
          ],
        },
      },
    };
    const result = await run(nested);
    expect(types(result.events.slice(-4))).toEqual([
      "ParallelStateAborted",
      "WaitStateAborted",
      "ParallelStateFailed",
      "ExecutionFailed",
    ]);
    expect(result.events.at(-1)?.timestamp).toBe(at(90));
  });
});

describe("Map iterations run concurrently, MaxConcurrency at a time", () => {
  const waits: StateMachineDefinition = {
    StartAt: "Each",
    States: {
      Each: {
        Type: "Map",
        MaxConcurrency: 2,
        ItemProcessor: { StartAt: "Hold", States: { Hold: { Type: "Wait", SecondsPath: "$.s", End: true } } },
        End: true,
      },
    },
  };

  it("starts the next iteration as soon as one ends, and ends when the last does", async () => {
    const result = await run(waits, JSON.stringify([{ s: 30 }, { s: 10 }, { s: 20 }, { s: 5 }]));
    expect(result.status).toBe("SUCCEEDED");
    const started = result.events.filter((e) => e.type === "MapIterationStarted");
    expect(started.map((e) => [details(e, "mapIterationStarted")?.["index"], e.timestamp])).toEqual([
      [0, at(0)],
      [1, at(0)],
      [2, at(10)],
      [3, at(30)],
    ]);
    const ended = result.events.filter((e) => e.type === "MapIterationSucceeded");
    expect(ended.map((e) => details(e, "mapIterationSucceeded")?.["index"])).toEqual([1, 0, 2, 3]);
    expect(result.events.at(-1)?.timestamp).toBe(at(35));
    // The output keeps the items' order, whatever order the iterations ended in.
    expect(JSON.parse(result.output ?? "null")).toEqual([{ s: 30 }, { s: 10 }, { s: 20 }, { s: 5 }]);
  });

  it("a failed iteration stops the running ones: MapIterationAborted and their running state's abort, after the failure", async () => {
    const failing: StateMachineDefinition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemProcessor: {
            StartAt: "Hold",
            States: {
              Hold: { Type: "Wait", SecondsPath: "$.s", Next: "Bad?" },
              "Bad?": {
                Type: "Choice",
                Choices: [{ Variable: "$.bad", BooleanEquals: true, Next: "Boom" }],
                Default: "Ok",
              },
              Boom: { Type: "Fail", Error: "Boom" },
              Ok: { Type: "Succeed" },
            },
          },
          End: true,
        },
      },
    };
    const input = [
      { s: 100, bad: false },
      { s: 5, bad: true },
      { s: 100, bad: false },
    ];
    const result = await run(failing, JSON.stringify(input));
    const from = result.events.findIndex((e) => e.type === "MapIterationFailed");
    const tail = result.events.slice(from);
    expect(types(tail)).toEqual([
      "MapIterationFailed",
      "MapIterationAborted",
      "WaitStateAborted",
      "MapIterationAborted",
      "WaitStateAborted",
      "MapStateFailed",
      "ExecutionFailed",
    ]);
    expect(tail.slice(1, 5).map((e) => details(e, "mapIterationAborted")?.["index"])).toEqual([
      0,
      undefined,
      2,
      undefined,
    ]);
    const failedPrev = tail[0]?.previousEventId;
    expect(tail.slice(1, 6).every((e) => e.previousEventId === failedPrev)).toBe(true);
    expect(result.events.at(-1)?.timestamp).toBe(at(5));
  });
});
