import { describe, expect, it } from "vitest";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createRecordedHistoryInvoker } from "@/lib/asl/recorded-history-invoker";
import { createMockConfigInvoker } from "@/lib/asl/mock-config-invoker";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import { compareReplay } from "./compare-replay";
import { describeReplayComparison } from "./describe-replay-comparison";

/** A Map over items whose iterations pick a Pass by a Choice on the item. */
const mapOver = (threshold: number): StateMachineDefinition => ({
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: {
        StartAt: "Price",
        States: {
          Price: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", ResultPath: "$.price", Next: "Pick" },
          Pick: {
            Type: "Choice",
            Choices: [{ Variable: "$.n", NumericGreaterThan: threshold, Next: "Big" }],
            Default: "Small",
          },
          Big: { Type: "Pass", Result: "big", ResultPath: "$.size", End: true },
          Small: { Type: "Pass", Result: "small", ResultPath: "$.size", End: true },
        },
      },
      End: true,
    },
  },
});

const run = (definition: StateMachineDefinition, invoker: Parameters<typeof executeStateMachine>[0]["invoker"]) =>
  executeStateMachine({
    definition,
    input: JSON.stringify({ items: [{ n: 1 }, { n: 5 }] }),
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(0),
    invoker,
    random: createSeededRandom(1),
  });

async function recorded(): Promise<readonly AslHistoryEvent[]> {
  const mocks = createMockConfigInvoker(
    {
      StateMachines: { sm: { TestCases: { t: { Price: "P" } } } },
      MockedResponses: { P: { "0-1": { Return: 10 } } },
    },
    "sm",
    "t",
  );
  return (await run(mapOver(3), mocks)).events;
}

describe("compareReplay", () => {
  it("finds nothing changed when the same definition replays the recording", async () => {
    const events = await recorded();
    const replay = await run(mapOver(3), createRecordedHistoryInvoker(events));
    const comparison = compareReplay(events, replay.events);
    expect(comparison.changed).toBe(false);
    expect(describeReplayComparison(comparison)).toBe("SUCCEEDED, 1 state: same path, outcomes and output");
  });

  it("names a change inside a Map iteration by its iteration, and the output it changed", async () => {
    const events = await recorded();
    const replay = await run(mapOver(0), createRecordedHistoryInvoker(events));
    const comparison = compareReplay(events, replay.events);
    expect(comparison.firstDivergence).toBeNull();
    expect(comparison.outcomeChanges).toEqual([
      { state: "Small", where: "Each iteration 0", recorded: "SUCCEEDED", replayed: null },
      { state: "Big", where: "Each iteration 0", recorded: null, replayed: "SUCCEEDED" },
    ]);
    expect(describeReplayComparison(comparison)).toBe(
      'outcomes: Small in Each iteration 0 SUCCEEDED → not run, Big in Each iteration 0 not run → SUCCEEDED; output: /0/size "small" → "big"',
    );
  });
});
