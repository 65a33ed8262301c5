import { describe, expect, it } from "vitest";
import { diffHistories, type ComparableCase } from "./interpreter-compare";

const exited = (output: unknown) => ({
  id: 1,
  previousEventId: 0,
  timestamp: "timestamp",
  type: "PassStateExited",
  stateExitedEventDetails: { name: "P", output },
});
const recorded = (output: unknown): ComparableCase => ({ history: [exited(output)], flags: [], source: {} });
const local = (output: unknown) => [{ ...exited(JSON.stringify(output)), timestamp: "2024-01-01T00:00:00.000Z" }];

describe("diffHistories", () => {
  it("a fixed-word mask matches only a value of the kind it hides", () => {
    expect(diffHistories(recorded({ n: "RandomNumberGenerated" }), local({ n: 42 }))).toBeNull();
    expect(diffHistories(recorded({ n: "RandomNumberGenerated" }), local({ n: "42" }))).not.toBeNull();
    expect(
      diffHistories(
        recorded({ a: "state-machine-arn" }),
        local({ a: "arn:aws:states:us-east-1:111111111111:stateMachine:m" }),
      ),
    ).toBeNull();
    expect(
      diffHistories(
        recorded({ a: "state-machine-arn" }),
        local({ a: "arn:aws:states:us-east-1:111111111111:execution:m:e" }),
      ),
    ).not.toBeNull();
  });

  it("a placeholder masked twice still matches any text in its place", () => {
    expect(diffHistories(recorded({ t: "<<task_token>:1>" }), local({ t: "tok-123" }))).toBeNull();
    expect(diffHistories(recorded({ t: "x<<task_token>:1>" }), local({ t: "tok-123" }))).not.toBeNull();
  });

  it("a dropped ParallelStateFailed is tolerated only where the recording left its id unused", () => {
    const c: ComparableCase = {
      history: [
        { id: 1, previousEventId: 0, timestamp: "timestamp", type: "ExecutionStarted" },
        { id: 3, previousEventId: 2, timestamp: "timestamp", type: "ExecutionFailed" },
      ],
      flags: [],
      source: {},
    };
    const mine = [
      { id: 1, previousEventId: 0, timestamp: "t", type: "ExecutionStarted" },
      { id: 2, previousEventId: 1, timestamp: "t", type: "ParallelStateFailed" },
      { id: 3, previousEventId: 2, timestamp: "t", type: "ExecutionFailed" },
    ];
    expect(diffHistories(c, mine)).toBeNull();
    expect(diffHistories(c, [...mine, { id: 4, previousEventId: 3, timestamp: "t", type: "PassStateEntered" }])).toBe(
      "event 4 (PassStateEntered): only local",
    );
  });
});
