import { describe, expect, it } from "vitest";
import { extractGraph } from "@/lib/asl/graph";
import type { ScopeSegment } from "@/lib/history/types";
import {
  computeGraphOverlay,
  graphOverlayFromJson,
  graphOverlayToJson,
  iterationChoiceLimit,
  type OverlayRun,
} from "./graph-overlay";

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
const run = (
  name: string,
  status: OverlayRun["status"],
  opts: { scope?: ScopeSegment[]; parentKey?: string; attempts?: number } = {},
): OverlayRun => ({
  key: `${name}#${id++}`,
  name,
  scope: opts.scope ?? [],
  parentKey: opts.parentKey ?? null,
  status,
  retries: (opts.attempts ?? 1) - 1,
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
    expect(o.maps.get("Items")).toMatchObject({
      succeeded: 1,
      failed: 1,
      aborted: 0,
      iterations: [
        { index: 1, status: "failed" },
        { index: 0, status: "succeeded" },
      ],
    });
    const chosen = computeGraphOverlay(graph, runs, new Map([["Items", 0]]));
    expect(chosen.nodes.get("Items/items/Work")).toMatchObject({ status: "succeeded", runCount: 1 });
  });

  it("travels as JSON and comes back the same, with a Map's iteration choices cut to the limit but its counts whole", () => {
    const many = Array.from({ length: iterationChoiceLimit + 20 }, (_, i) =>
      run("Work", i === 7 ? "FAILED" : "SUCCEEDED", {
        scope: [{ kind: "map-iteration" as const, state: "Items", index: i }],
        parentKey: "Items#2",
      }),
    );
    const o = computeGraphOverlay(
      graph,
      [runs[0], runs[1], ...many].filter((r): r is OverlayRun => r !== undefined),
    );
    const back = graphOverlayFromJson(
      JSON.parse(JSON.stringify(graphOverlayToJson(o))) as ReturnType<typeof graphOverlayToJson>,
    );
    expect(back.nodes).toEqual(o.nodes);
    expect(back.takenEdges).toEqual(o.takenEdges);
    const items = back.maps.get("Items");
    expect(items).toMatchObject({ succeeded: iterationChoiceLimit + 19, failed: 1 });
    expect(items?.iterations).toHaveLength(iterationChoiceLimit);
    expect(items?.iterations[0]).toEqual({ index: 7, status: "failed" });
  });
});
