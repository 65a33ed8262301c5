import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { extractGraph } from "../asl/graph";
import { generateLargeHistory } from "../examples/generate-large-history";
import { computeGraphOverlay, graphOverlayFromJson } from "../execution-view/graph-overlay";
import { runsByNode } from "../execution-view/runs-by-node";
import type { ExecutionViewData } from "../execution-view/view-types";
import { importHistoryText } from "../ingest/import-history-text";
import { toBundle } from "../../e2e/helpers/to-bundle";
import { getExecutionNodeRuns } from "./get-execution-node-runs";
import { getExecutionOverlay } from "./get-execution-overlay";
import { getExecutionView } from "./get-execution-view";

let db: TestDatabase;
let arn: string;
let view: ExecutionViewData;
const unknown = "arn:aws:states:us-east-1:123456789012:execution:nope:nope";

beforeAll(async () => {
  db = await createTestDatabase();
  // A failed Map with throttle retries and skipped images: runs in many iterations, a Catch path taken.
  const parsed = await generateLargeHistory({
    seed: 11,
    targetEvents: 900,
    startedAt: new Date("2026-11-20T08:00:00Z"),
    outcome: "FAILED",
  });
  await importHistoryText(db, toBundle(parsed), {
    fileName: "failed-map.json",
    source: { kind: "UPLOAD", name: "uploads" },
  });
  arn = parsed.identity.executionArn;
  const v = await getExecutionView(db.prisma, arn);
  if (!v?.definition) throw new Error("the generated execution has no definition");
  view = v;
});
afterAll(async () => db?.drop());

/** What the browser computed from every state run before the overlay was read on the server. */
function overlayFromView(iterations: ReadonlyMap<string, number>) {
  const runs = view.runs.map((r) => ({
    key: r.key,
    name: r.name,
    scope: r.scope,
    parentKey: r.parentKey,
    status: r.status,
    retries: Math.max(0, r.attempts.length - 1),
  }));
  return computeGraphOverlay(extractGraph(view.definition), runs, iterations);
}

describe("getExecutionOverlay", () => {
  it("draws what the state runs with their attempts say, over all iterations and for a chosen failed one", async () => {
    const all = await getExecutionOverlay(db.prisma, arn, new Map());
    const expected = overlayFromView(new Map());
    const got = graphOverlayFromJson(all ?? { nodes: [], takenEdges: [], maps: [] });
    expect(got.nodes).toEqual(expected.nodes);
    expect(got.takenEdges).toEqual(expected.takenEdges);
    expect(got.maps).toEqual(expected.maps);
    const [mapId, counts] = [...got.maps][0] ?? [];
    expect(counts?.failed).toBeGreaterThan(0);
    expect([...got.nodes.values()].some((n) => n.retries > 0)).toBe(true);

    const failedIteration = new Map([[mapId ?? "", counts?.iterations[0]?.index ?? -1]]);
    const chosen = graphOverlayFromJson(
      (await getExecutionOverlay(db.prisma, arn, failedIteration)) ?? { nodes: [], takenEdges: [], maps: [] },
    );
    expect(chosen.nodes).toEqual(overlayFromView(failedIteration).nodes);
    expect([...chosen.nodes.values()].some((n) => n.status === "failed")).toBe(true);
  });

  it("is null for an unknown execution", async () => {
    expect(await getExecutionOverlay(db.prisma, unknown, new Map())).toBeNull();
  });
});

describe("getExecutionNodeRuns", () => {
  it("lists a node's run keys as the detail panel did from every run: failures first, then in entry order", async () => {
    const byNode = runsByNode(view.runs);
    const inner = [...byNode].find(([id, keys]) => id.includes("/items/") && keys.length > 1);
    expect(inner).toBeDefined();
    for (const [id, keys] of [inner ?? ["", []], ...[...byNode].filter(([id]) => !id.includes("/"))]) {
      expect(await getExecutionNodeRuns(db.prisma, arn, id)).toEqual(keys);
    }
    expect(await getExecutionNodeRuns(db.prisma, arn, "NoSuchState")).toEqual([]);
    expect(await getExecutionNodeRuns(db.prisma, unknown, "x")).toBeNull();
  });
});
