import { describe, expect, it } from "vitest";
import { awsBehaviourAsOf } from "./aws-behaviour";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createSeededRandom } from "./seeded-random";
import type { StateMachineDefinition } from "./types";

const distributed: StateMachineDefinition = {
  StartAt: "M",
  States: {
    M: {
      Type: "Map",
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
        StartAt: "P",
        States: { P: { Type: "Pass", Parameters: { "n.$": "$$.Execution.RedriveCount" }, End: true } },
      },
      End: true,
    },
  },
};

const run = (awsBehaviourAsOf?: string) =>
  executeStateMachine({
    definition: distributed,
    input: "[1]",
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(0),
    invoker: { invoke: () => Promise.resolve(null) },
    random: createSeededRandom(1),
    ...(awsBehaviourAsOf === undefined ? {} : { awsBehaviourAsOf }),
  });

describe("awsBehaviourAsOf", () => {
  it("today's AWS without a date", () => {
    expect(awsBehaviourAsOf()).toEqual({ redriveCountInContext: true, mapExitAfterMapRunStarted: true });
  });

  it("no RedriveCount before redrive launched, and the older Map Run exit chaining before November 2024", () => {
    expect(awsBehaviourAsOf("2023-10-24")).toEqual({ redriveCountInContext: false, mapExitAfterMapRunStarted: false });
    expect(awsBehaviourAsOf("2024-08-19T08:59:42Z")).toEqual({
      redriveCountInContext: true,
      mapExitAfterMapRunStarted: false,
    });
    expect(awsBehaviourAsOf("2024-11-13")).toEqual({ redriveCountInContext: true, mapExitAfterMapRunStarted: true });
  });

  it("refuses text that is not a date", () => {
    expect(() => awsBehaviourAsOf("18-11-2024")).toThrow("'18-11-2024' is not a YYYY-MM-DD date");
  });
});

describe("an execution following AWS of a given day", () => {
  it("today: MapStateExited after a Map Run points at MapRunStarted, and $$.Execution.RedriveCount exists", async () => {
    const result = await run();
    const started = result.events.find((e) => e.type === "MapRunStarted");
    expect(result.events.find((e) => e.type === "MapStateExited")?.previousEventId).toBe(started?.id);
    expect(result.output).toBe('[{"n":0}]');
  });

  it("October 2023: MapStateExited points at MapRunSucceeded, and there is no RedriveCount", async () => {
    const plain: StateMachineDefinition = {
      ...distributed,
      States: {
        M: {
          ...distributed.States["M"],
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED" },
            StartAt: "P",
            States: { P: { Type: "Pass", End: true } },
          },
        },
      },
    };
    const chained = await executeStateMachine({
      definition: plain,
      input: "[1]",
      stateMachineName: "sm",
      executionName: "ex",
      clock: createVirtualClock(0),
      invoker: { invoke: () => Promise.resolve(null) },
      random: createSeededRandom(1),
      awsBehaviourAsOf: "2023-10-24",
    });
    const succeeded = chained.events.find((e) => e.type === "MapRunSucceeded");
    expect(succeeded).toBeDefined();
    expect(chained.events.find((e) => e.type === "MapStateExited")?.previousEventId).toBe(succeeded?.id);
    const withoutCount = await run("2023-10-24");
    expect(withoutCount.status).toBe("FAILED");
    expect(withoutCount.error).toBe("States.ExceedToleratedFailureThreshold");
  });
});
