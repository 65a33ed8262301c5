import { describe, expect, it } from "vitest";
import { deriveHistory } from "./derive-history";
import type { HistoryEvent } from "./types";

describe("deriveHistory", () => {
  it("re-opens an execution on ExecutionRedriven and counts the re-entered states", () => {
    const base: HistoryEvent[] = [
      {
        id: 1,
        previousEventId: 0,
        timestamp: "2024-01-01T00:00:00.000Z",
        type: "ExecutionStarted",
        executionStartedEventDetails: { input: "{}" },
      },
      {
        id: 2,
        previousEventId: 0,
        timestamp: "2024-01-01T00:00:01.000Z",
        type: "TaskStateEntered",
        stateEnteredEventDetails: { name: "T", input: "{}" },
      },
      {
        id: 3,
        previousEventId: 2,
        timestamp: "2024-01-01T00:00:02.000Z",
        type: "TaskScheduled",
        taskScheduledEventDetails: {
          resource: "invoke",
          resourceType: "lambda",
          region: "us-east-1",
          parameters: "{}",
        },
      },
      {
        id: 4,
        previousEventId: 3,
        timestamp: "2024-01-01T00:00:03.000Z",
        type: "TaskFailed",
        taskFailedEventDetails: { error: "Boom", cause: "x" },
      },
      {
        id: 5,
        previousEventId: 4,
        timestamp: "2024-01-01T00:00:04.000Z",
        type: "ExecutionFailed",
        executionFailedEventDetails: { error: "Boom", cause: "x" },
      },
      {
        id: 6,
        previousEventId: 5,
        timestamp: "2024-01-02T00:00:00.000Z",
        type: "ExecutionRedriven",
        executionRedrivenEventDetails: { redriveCount: 1 },
      },
      {
        id: 7,
        previousEventId: 6,
        timestamp: "2024-01-02T00:00:01.000Z",
        type: "TaskStateEntered",
        stateEnteredEventDetails: { name: "T", input: "{}" },
      },
    ];
    const redriven = deriveHistory(base);
    expect(redriven.summary).toMatchObject({ status: "RUNNING", redriveCount: 1, rootCause: null, stopDate: null });
    expect(redriven.stateRuns.map((r) => [r.key, r.status])).toEqual([
      ["T#0", "FAILED"],
      ["T#1", "RUNNING"],
    ]);
    expect(redriven.cost.billableTransitions).toBe(2);
    const failedAgain = deriveHistory([
      ...base,
      {
        id: 8,
        previousEventId: 7,
        timestamp: "2024-01-02T00:00:02.000Z",
        type: "FailStateEntered",
        stateEnteredEventDetails: { name: "T", input: "{}" },
      },
      {
        id: 9,
        previousEventId: 8,
        timestamp: "2024-01-02T00:00:03.000Z",
        type: "ExecutionFailed",
        executionFailedEventDetails: { error: "Again" },
      },
    ]);
    expect(failedAgain.summary).toMatchObject({ status: "FAILED", error: "Again", redriveCount: 1 });
  });
});
