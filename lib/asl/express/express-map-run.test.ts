import { describe, expect, it } from "vitest";
import { createVirtualClock } from "../clock";
import { executeStateMachine } from "../execute-state-machine";
import { createSeededRandom } from "../seeded-random";
import type { StateMachineDefinition } from "../types";

/** A Distributed Map over three items; the item 2 waits 400 s, past an Express child's 5 minutes. */
const definition = (executionType: string, tolerated: number) => ({
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      Label: "Each",
      ToleratedFailureCount: tolerated,
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: executionType },
        StartAt: "Slow?",
        States: {
          "Slow?": { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 2, Next: "Wait" }], Default: "Done" },
          Wait: { Type: "Wait", Seconds: 400, Next: "Done" },
          Done: { Type: "Pass", End: true },
        },
      },
      End: true,
    },
  },
});

const run = (executionType: string, tolerated = 0) =>
  executeStateMachine({
    definition: definition(executionType, tolerated) as unknown as StateMachineDefinition,
    input: "[1, 2, 3]",
    stateMachineName: "batch",
    executionName: "b1",
    clock: createVirtualClock(Date.parse("2026-12-04T10:00:00Z")),
    invoker: { invoke: () => Promise.resolve(null) },
    random: createSeededRandom(7),
  });

describe("a Distributed Map with Express children", () => {
  it("gives each child an Express ARN and its own history; a child past 5 minutes times out", async () => {
    const result = await run("EXPRESS", 1);
    expect(result.status).toBe("SUCCEEDED");
    const [mapRun] = result.mapRuns ?? [];
    expect(mapRun?.executionType).toBe("EXPRESS");
    expect(mapRun?.mapRunArn).toMatch(/^arn:aws:states:us-east-1:111111111111:mapRun:batch\/Each:[0-9a-f-]{36}$/);
    const children = mapRun?.children ?? [];
    for (const child of children)
      expect(child.executionArn).toMatch(
        /^arn:aws:states:us-east-1:111111111111:express:batch\/Each:[0-9a-f-]{36}:[0-9a-f-]{36}$/,
      );
    expect(new Set(children.map((c) => c.executionArn)).size).toBe(3);
    expect(children.map((c) => c.status)).toEqual(["SUCCEEDED", "TIMED_OUT", "SUCCEEDED"]);
    const slow = children[1]!.events;
    expect(slow[0]).toMatchObject({ type: "ExecutionStarted", executionStartedEventDetails: { input: "2" } });
    expect(slow.at(-1)).toMatchObject({
      type: "ExecutionTimedOut",
      executionTimedOutEventDetails: { error: "States.Timeout" },
    });
    expect(Date.parse(slow.at(-1)!.timestamp) - Date.parse(slow[0]!.timestamp)).toBe(300_000);
    expect(children[0]!.events.at(-1)).toMatchObject({
      type: "ExecutionSucceeded",
      executionSucceededEventDetails: { output: "1" },
    });
  });

  it("reports the Map Run's counts as DescribeMapRun does", async () => {
    const [mapRun] = (await run("EXPRESS", 1)).mapRuns ?? [];
    const counts = { pending: 0, running: 0, succeeded: 2, failed: 0, timedOut: 1, aborted: 0, total: 3 };
    expect(mapRun?.status).toBe("SUCCEEDED");
    expect(mapRun?.itemCounts).toMatchObject({ ...counts, resultsWritten: 0 });
    expect(mapRun?.executionCounts).toMatchObject(counts);
  });

  it("fails the Map Run on the timed-out child when no failure is tolerated, the last item not started", async () => {
    const result = await run("EXPRESS");
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.ExceedToleratedFailureThreshold");
    const [mapRun] = result.mapRuns ?? [];
    expect(mapRun?.status).toBe("FAILED");
    expect(mapRun?.executionCounts).toMatchObject({ pending: 1, succeeded: 1, timedOut: 1, total: 3 });
  });

  it("lets Standard children run past 5 minutes, with Standard ARNs", async () => {
    const result = await run("STANDARD");
    const [mapRun] = result.mapRuns ?? [];
    expect(result.status).toBe("SUCCEEDED");
    expect(mapRun?.children.map((c) => c.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(mapRun?.children[0]?.executionArn).toMatch(
      /^arn:aws:states:us-east-1:111111111111:execution:batch\/Each:[0-9a-f-]{36}$/,
    );
  });
});
