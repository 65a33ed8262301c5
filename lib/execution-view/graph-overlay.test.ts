import { describe, expect, it } from "vitest";
import { extractGraph } from "@/lib/asl/graph";
import type { ScopeSegment } from "@/lib/history/types";
import { computeGraphOverlay } from "./graph-overlay";
import type { ViewRun } from "./view-types";

const graph = extractGraph({
  StartAt: "Charge",
  States: {
    Charge: { Type: "Task", Resource: "x", Retry: [{ ErrorEquals: ["States.ALL"] }], Next: "Items" },
    Items: {
      Type: "Map",
      ItemProcessor: { StartAt: "Work", States: { Work: { Type: "Task", Resource: "x", End: true } } },
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Recover" }],
      Next: "Done",
    },
    Recover: { Type: "Pass", End: true },
    Done: { Type: "Succeed" },
  },
});

let id = 1;
const run = (name: string, status: ViewRun["status"], opts: { scope?: ScopeSegment[]; parentKey?: string; attempts?: number } = {}): ViewRun => ({
  key: `${name}#${id}`,
  name,
  stateType: "Task",
  scope: opts.scope ?? [],
  parentKey: opts.parentKey ?? null,
  enteredEventId: id++,
  exitedEventId: null,
  startMs: 0,
  endMs: 1,
  status,
  error: null,
  attempts: Array.from({ length: opts.attempts ?? 1 }, (_, i) => ({ index: i, startMs: 0, endMs: 1, status: "SUCCEEDED" as const, error: null, backoffMs: null })),
});
const it0 = [{ kind: "map-iteration" as const, state: "Items", index: 0 }];
const it1 = [{ kind: "map-iteration" as const, state: "Items", index: 1 }];
const runs = [
  run("Charge", "SUCCEEDED", { attempts: 3 }),
  run("Items", "CAUGHT"),
  run("Work", "SUCCEEDED", { scope: it0, parentKey: "Items#2" }),
  run("Work", "FAILED", { scope: it1, parentKey: "Items#2" }),
  run("Recover", "SUCCEEDED"),
];

describe("computeGraphOverlay", () => {
  it("gives each state its status: retried, caught, failed, not reached", () => {
    const o = computeGraphOverlay(graph, runs);
    expect(o.nodes.get("Charge")).toMatchObject({ status: "retried", retries: 2, runCount: 1 });
    expect(o.nodes.get("Items")?.status).toBe("caught");
    expect(o.nodes.get("Items/items/Work")).toMatchObject({ status: "failed", runCount: 2 });
    expect(o.nodes.get("Done")?.status).toBe("not-reached");
  });

  it("marks the path taken, the Catch edge for a caught state", () => {
    const o = computeGraphOverlay(graph, runs);
    expect([...o.takenEdges].sort()).toEqual(["Charge->Items#next0", "Items->Recover#catch0"]);
  });

  it("counts Map iterations, failed first, and re-colours the processor for a chosen iteration", () => {
    const o = computeGraphOverlay(graph, runs);
    expect(o.maps.get("Items")).toMatchObject({ succeeded: 1, failed: 1, aborted: 0, iterations: [{ index: 1, status: "failed" }, { index: 0, status: "succeeded" }] });
    const chosen = computeGraphOverlay(graph, runs, new Map([["Items", 0]]));
    expect(chosen.nodes.get("Items/items/Work")).toMatchObject({ status: "succeeded", runCount: 1 });
  });
});
