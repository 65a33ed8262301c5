import { describe, expect, it } from "vitest";
import { interruptedExecutionResult, runningStateOf } from "./stopped-execution";
import type { AslHistoryEvent } from "./types";

const at = "2026-12-04T10:00:00.000Z";
const event = (id: number, type: string, details?: Record<string, unknown>): AslHistoryEvent =>
  ({
    id,
    previousEventId: id - 1,
    timestamp: at,
    type,
    ...(details === undefined
      ? {}
      : { [type.endsWith("StateEntered") ? "stateEnteredEventDetails" : "stateExitedEventDetails"]: details }),
  }) as AslHistoryEvent;
const started = (id = 1): AslHistoryEvent =>
  ({
    id,
    previousEventId: 0,
    timestamp: at,
    type: "ExecutionStarted",
    executionStartedEventDetails: { input: "{}", inputDetails: { truncated: false }, roleArn: "r" },
  }) as unknown as AslHistoryEvent;
const identity = { stateMachineName: "m", executionName: "e" };

describe("runningStateOf", () => {
  it("is the last state entered and not exited", () => {
    const events = [
      started(),
      event(2, "PassStateEntered", { name: "A" }),
      event(3, "PassStateExited", { name: "A" }),
      event(4, "TaskStateEntered", { name: "B" }),
    ];
    expect(runningStateOf(events)).toEqual({ name: "B", id: 4 });
  });

  it("is the Parallel still open when its last branch state has exited", () => {
    const events = [
      started(),
      event(2, "ParallelStateEntered", { name: "Both" }),
      event(3, "PassStateEntered", { name: "Left" }),
      event(4, "PassStateExited", { name: "Left" }),
    ];
    expect(runningStateOf(events)).toEqual({ name: "Both", id: 2 });
  });

  it("is null when every state entered has exited", () => {
    expect(
      runningStateOf([
        started(),
        event(2, "PassStateEntered", { name: "A" }),
        event(3, "PassStateExited", { name: "A" }),
      ]),
    ).toBeNull();
  });
});

describe("interruptedExecutionResult", () => {
  it("keeps the recorded events and ends with ExecutionFailed naming the running state as AWS does", () => {
    const events = [started(), event(2, "PassStateEntered", { name: "Spin" })];
    const result = interruptedExecutionResult(
      identity,
      events,
      "States.Runtime",
      "Stopped at the limit",
      Date.parse(at),
    );
    expect(result.events.map((e) => `${e.id}:${e.previousEventId}:${e.type}`)).toEqual([
      "1:0:ExecutionStarted",
      "2:1:PassStateEntered",
      "3:2:ExecutionFailed",
    ]);
    expect(result).toMatchObject({
      status: "FAILED",
      error: "States.Runtime",
      cause: "An error occurred while executing the state 'Spin' (entered at the event id #2). Stopped at the limit",
      transitions: 1,
    });
  });

  it("continues a redrive's prior history, and falls back to the two-event history when the events do not start there", () => {
    const prior = [started(), event(2, "PassStateEntered", { name: "A" }), event(3, "ExecutionFailed")];
    const redriven = [event(4, "ExecutionRedriven"), event(5, "PassStateEntered", { name: "A" })];
    const result = interruptedExecutionResult({ ...identity, redriveFrom: prior }, redriven, "States.Runtime", "x", 0);
    expect(result.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "PassStateEntered",
      "ExecutionFailed",
      "ExecutionRedriven",
      "PassStateEntered",
      "ExecutionFailed",
    ]);
    // Events that do not continue the prior history (the start was lost) are not pieced together.
    const lost = interruptedExecutionResult(
      identity,
      [event(2, "PassStateEntered", { name: "A" })],
      "States.Runtime",
      "x",
      0,
    );
    expect(lost.events.map((e) => e.type)).toEqual(["ExecutionStarted", "ExecutionFailed"]);
    expect(lost.cause).toBe("x");
  });
});
