import { describe, expect, test } from "vitest";
import { deriveHistory } from "@/lib/history/derive-history";
import { generateLargeHistory } from "./generate-large-history";
import { getHistoryShapeProblems, getTerminalStatus } from "./get-history-shape-problems";

const startedAt = new Date("2025-05-20T08:00:00.000Z");

describe("generateLargeHistory", () => {
  test("a 25,000-event target yields about 25,000 well-formed, map-heavy events", async () => {
    const execution = await generateLargeHistory({ seed: 1, targetEvents: 25_000, startedAt });
    expect(Math.abs(execution.events.length - 25_000)).toBeLessThanOrEqual(250);
    expect(getHistoryShapeProblems(execution.events)).toEqual([]);
    expect(getTerminalStatus(execution.events)).toBe("SUCCEEDED");
    expect(execution.events[0]?.timestamp).toBe(startedAt.toISOString());
    const iterations = execution.events.filter((event) => event.type === "MapIterationStarted").length;
    expect(iterations).toBeGreaterThan(1500);
  });

  test("never yields more than AWS's 25,000 events, which the importer would refuse", async () => {
    for (const seed of [7, 11]) {
      const execution = await generateLargeHistory({ seed, targetEvents: 25_000, startedAt, outcome: "FAILED" });
      expect(execution.events.length).toBeLessThanOrEqual(25_000);
      expect(execution.events.length).toBeGreaterThan(24_500);
    }
  });

  test("the same seed yields the same history", async () => {
    const a = await generateLargeHistory({ seed: 9, targetEvents: 3000, startedAt });
    const b = await generateLargeHistory({ seed: 9, targetEvents: 3000, startedAt });
    expect(a).toEqual(b);
  });

  test("a failing large history ends in ExecutionFailed after a failed iteration and still hits its target", async () => {
    const execution = await generateLargeHistory({ seed: 2, targetEvents: 10_000, startedAt, outcome: "FAILED" });
    const types = execution.events.map((event) => event.type);
    expect(Math.abs(execution.events.length - 10_000)).toBeLessThanOrEqual(200);
    expect(getHistoryShapeProblems(execution.events)).toEqual([]);
    expect(getTerminalStatus(execution.events)).toBe("FAILED");
    expect(types).toContain("MapIterationFailed");
    expect(types).toContain("MapStateFailed");
  });

  test("deriveHistory agrees on the status of a large failing Map history", async () => {
    const large = await generateLargeHistory({ seed: 3, targetEvents: 5000, startedAt, outcome: "FAILED" });
    expect(deriveHistory(large.events, large.identity).summary.status).toBe("FAILED");
  });
});
