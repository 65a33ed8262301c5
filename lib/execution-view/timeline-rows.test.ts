import { describe, expect, it } from "vitest";
import { buildTimeline, visibleRowIndexes } from "./timeline-rows";
import type { ViewRun } from "./view-types";

const base = { stateType: "Task", exitedEventId: null, error: null } as const;
const runs: ViewRun[] = [
  {
    ...base,
    key: "Charge",
    name: "Charge",
    scope: [],
    parentKey: null,
    enteredEventId: 2,
    startMs: 1000,
    endMs: 1700,
    status: "SUCCEEDED",
    attempts: [
      { index: 0, startMs: 1000, endMs: 1100, status: "FAILED", error: "Boom", backoffMs: null },
      { index: 1, startMs: 1300, endMs: 1700, status: "SUCCEEDED", error: null, backoffMs: 200 },
    ],
  },
  {
    ...base,
    stateType: "Parallel",
    key: "Fan",
    name: "Fan",
    scope: [],
    parentKey: null,
    enteredEventId: 9,
    startMs: 1700,
    endMs: 2500,
    status: "SUCCEEDED",
    attempts: [],
  },
  {
    ...base,
    key: "A",
    name: "A",
    scope: [{ kind: "parallel-branch", state: "Fan", index: 0 }],
    parentKey: "Fan",
    enteredEventId: 10,
    startMs: 1700,
    endMs: 1800,
    status: "SUCCEEDED",
    attempts: [],
  },
  {
    ...base,
    key: "B",
    name: "B",
    scope: [{ kind: "parallel-branch", state: "Fan", index: 1 }],
    parentKey: "Fan",
    enteredEventId: 11,
    startMs: 1700,
    endMs: 2400,
    status: "SUCCEEDED",
    attempts: [],
  },
];
const view = { definition: null, startMs: 1000, endMs: 2500, runs, attempts: [] };

describe("buildTimeline", () => {
  it("nests runs under a row per branch, in entry order", () => {
    const t = buildTimeline(view, 0);
    expect(t.rows.map((r) => [r.label, r.depth, r.descendantCount])).toEqual([
      ["Charge", 0, 0],
      ["Fan", 0, 4],
      ["Branch 1", 1, 1],
      ["A", 2, 0],
      ["Branch 2", 1, 1],
      ["B", 2, 0],
    ]);
    expect(t.spanMs).toBe(1500);
  });

  it("splits a retried Task into attempts with the backoff between them", () => {
    const charge = buildTimeline(view, 0).rows[0];
    expect(charge?.status).toBe("retried");
    expect(charge?.segments.map((s) => [s.kind, s.startMs, s.endMs, s.status])).toEqual([
      ["attempt", 0, 100, "failed"],
      ["backoff", 100, 300, "running"],
      ["attempt", 300, 700, "succeeded"],
    ]);
  });

  it("marks the latest-ending branch as the critical path", () => {
    const rows = buildTimeline(view, 0).rows;
    expect(rows.filter((r) => r.critical).map((r) => r.label)).toEqual(["Charge", "Fan", "Branch 2", "B"]);
  });

  it("hides a collapsed row's descendants", () => {
    const rows = buildTimeline(view, 0).rows;
    expect(visibleRowIndexes(rows, new Set(["Fan"]))).toEqual([0, 1]);
  });
});
