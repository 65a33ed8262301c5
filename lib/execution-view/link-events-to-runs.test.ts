import { describe, expect, it } from "vitest";
import { linkEventsToRuns } from "./link-events-to-runs";
import type { ViewRun } from "./view-types";

const run = (
  key: string,
  name: string,
  enteredEventId: number,
  exitedEventId: number | null,
  iteration?: number,
): ViewRun => ({
  key,
  name,
  stateType: "Task",
  scope: iteration === undefined ? [] : [{ kind: "map-iteration", state: "Items", index: iteration }],
  parentKey: iteration === undefined ? null : "Items#0",
  enteredEventId,
  exitedEventId,
  startMs: 0,
  endMs: null,
  status: "SUCCEEDED",
  error: null,
  attempts: [],
});
const ev = (id: number, previousEventId: number, stateName: string | null) => ({ id, previousEventId, stateName });

describe("linkEventsToRuns", () => {
  it("links each event to its own iteration's run when two iterations of one state interleave", () => {
    const runs = [
      run("Items#0", "Items", 2, 14),
      run("Items#0/i0/Work#0", "Work", 4, 10, 0),
      run("Items#0/i1/Work#0", "Work", 5, 11, 1),
    ];
    const events = [
      ev(1, 0, null), // ExecutionStarted
      ev(2, 1, "Items"), // MapStateEntered
      ev(3, 2, "Items"), // MapStateStarted
      ev(4, 3, "Work"), // iteration 0 entered
      ev(5, 3, "Work"), // iteration 1 entered
      ev(6, 5, "Work"), // iteration 1 TaskScheduled
      ev(7, 4, "Work"), // iteration 0 TaskScheduled
      ev(8, 7, "Work"), // iteration 0 TaskFailed
      ev(9, 8, "Work"), // iteration 0 retry TaskScheduled
      ev(10, 9, "Work"), // iteration 0 exited
      ev(11, 6, "Work"), // iteration 1 exited
      ev(12, 10, "Items"), // MapStateSucceeded (after the last iteration)
      ev(14, 12, "Items"), // MapStateExited
      ev(15, 14, null), // ExecutionSucceeded
    ];
    const links = linkEventsToRuns(events, runs);
    expect([4, 7, 8, 9, 10].map((id) => links.get(id)?.runKey)).toEqual(Array(5).fill("Items#0/i0/Work#0"));
    expect([5, 6, 11].map((id) => links.get(id)?.runKey)).toEqual(Array(3).fill("Items#0/i1/Work#0"));
    expect(links.get(10)?.nodeId).toBe("Items/items/Work");
    expect(links.get(3)?.runKey).toBe("Items#0");
    expect(links.get(12)?.nodeId).toBe("Items");
    expect(links.has(1)).toBe(false);
    expect(links.has(15)).toBe(false);
    expect(links.get(14)?.runKey).toBe("Items#0");
  });
});
