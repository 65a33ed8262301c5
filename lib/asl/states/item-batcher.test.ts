import { describe, expect, it } from "vitest";
import { createVirtualClock } from "../clock";
import { executeStateMachine } from "../execute-state-machine";
import { createSeededRandom } from "../seeded-random";
import type { Json, StateMachineDefinition } from "../types";
import { batchItems } from "./item-batcher";

/** A Distributed Map whose children pass their input through, with the given `ItemBatcher` and more. */
const definition = (fields: Record<string, Json>): StateMachineDefinition =>
  ({
    StartAt: "Each",
    States: {
      Each: {
        Type: "Map",
        ItemsPath: "$.items",
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
          StartAt: "Echo",
          States: { Echo: { Type: "Pass", End: true } },
        },
        End: true,
        ...fields,
      },
    },
  }) as unknown as StateMachineDefinition;

const run = (fields: Record<string, Json>, input: Json) =>
  executeStateMachine({
    definition: definition(fields),
    input: JSON.stringify(input),
    stateMachineName: "batch",
    executionName: "b1",
    clock: createVirtualClock(Date.parse("2026-12-04T10:00:00Z")),
    invoker: { invoke: () => Promise.resolve(null) },
    random: createSeededRandom(7),
  });

const childInputs = (result: Awaited<ReturnType<typeof run>>) =>
  (result.mapRuns?.[0]?.children ?? []).map((c) => {
    const details = c.events[0]?.["executionStartedEventDetails"] as { input: string } | undefined;
    return JSON.parse(details?.input ?? "null") as Json;
  });

describe("ItemBatcher: each child execution gets a batch of items", () => {
  it("groups the selected items MaxItemsPerBatch at a time, with BatchInput from the state input", async () => {
    const result = await run(
      {
        ItemSelector: { "n.$": "$$.Map.Item.Value" },
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { "run.$": "$.run", fixed: 1 } },
      },
      { items: [1, 2, 3, 4, 5], run: "r1" },
    );
    expect(result.status).toBe("SUCCEEDED");
    const batchInput = { run: "r1", fixed: 1 };
    expect(childInputs(result)).toEqual([
      { BatchInput: batchInput, Items: [{ n: 1 }, { n: 2 }] },
      { BatchInput: batchInput, Items: [{ n: 3 }, { n: 4 }] },
      { BatchInput: batchInput, Items: [{ n: 5 }] },
    ]);
    // The Map's result: one output per child, in order.
    expect(JSON.parse(result.output ?? "null")).toHaveLength(3);
    const mapRun = result.mapRuns?.[0];
    expect(mapRun?.itemCounts.total).toBe(5);
    expect(mapRun?.executionCounts.total).toBe(3);
  });

  it("reads MaxItemsPerBatchPath from the state input, and leaves BatchInput out when none is given", async () => {
    const result = await run({ ItemBatcher: { MaxItemsPerBatchPath: "$.per" } }, { items: ["a", "b", "c"], per: 3 });
    expect(childInputs(result)).toEqual([{ Items: ["a", "b", "c"] }]);
  });

  it("fails with States.Runtime when the batch size is not a positive integer", async () => {
    const result = await run({ ItemBatcher: { MaxItemsPerBatchPath: "$.per" } }, { items: [1], per: "two" });
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("States.Runtime");
  });

  it("closes a batch before it would pass MaxInputBytesPerBatch (the child input's UTF-8 bytes)", () => {
    const items = ["aaaa", "bbbb", "cccc"];
    const scope = { input: {}, context: {}, variables: {} };
    const random = createSeededRandom(1);
    // {"Items":["aaaa","bbbb"]} is 25 bytes; a third item would make it 32.
    const batches = batchItems(items, { MaxInputBytesPerBatch: 25 }, scope, random);
    expect(batches.map((b) => b.input)).toEqual([{ Items: ["aaaa", "bbbb"] }, { Items: ["cccc"] }]);
    expect(batchItems(items, { MaxInputBytesPerBatch: 24 }, scope, random).map((b) => b.size)).toEqual([1, 1, 1]);
    expect(batchItems(items, undefined, scope, random).map((b) => b.input)).toEqual(items);
  });
});
