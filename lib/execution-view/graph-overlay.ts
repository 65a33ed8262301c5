import type { StateMachineGraph } from "@/lib/asl/graph";
import { nodeIdOfRun } from "./node-id-of-run";
import { runViewStatus, worseStatus, type StateViewStatus } from "./state-status";
import type { ViewRun } from "./view-types";

/** What the overlay reads of a state run (the server reads just these columns). */
export type OverlayRun = Pick<ViewRun, "key" | "name" | "scope" | "parentKey" | "status"> & {
  /** Attempts beyond the first (`retry_count`). */
  readonly retries: number;
};

/** One Map iteration as the picker lists it. */
export interface IterationChoice {
  readonly index: number;
  readonly status: StateViewStatus;
}

/** What a node shows of the execution. */
export interface NodeOverlay {
  readonly status: StateViewStatus;
  /** Runs counted (all visits, or the chosen iteration's). */
  readonly runCount: number;
  /** Attempts beyond the first, summed over those runs. */
  readonly retries: number;
}

/** Iteration counts on a Map state's processor. */
export interface MapCounts {
  readonly succeeded: number;
  readonly failed: number;
  readonly aborted: number;
  readonly running: number;
  /** Failed (and aborted/running) first, then the rest, by index. */
  readonly iterations: readonly IterationChoice[];
}

export interface GraphOverlay {
  readonly nodes: ReadonlyMap<string, NodeOverlay>;
  /** Edge ids the execution took. */
  readonly takenEdges: ReadonlySet<string>;
  /** Keyed by the Map state's node id. */
  readonly maps: ReadonlyMap<string, MapCounts>;
}

/** {@link GraphOverlay} as JSON carries it (maps as entry lists, so any state name is a safe key). */
export interface GraphOverlayJson {
  readonly nodes: readonly (readonly [string, NodeOverlay])[];
  readonly takenEdges: readonly string[];
  readonly maps: readonly (readonly [string, MapCounts])[];
}

/** How many iterations per Map the picker offers (failed ones come first); the counts cover all. */
export const iterationChoiceLimit = 500;

/** The overlay for the wire: Map iteration lists cut to {@link iterationChoiceLimit}. */
export function graphOverlayToJson(o: GraphOverlay): GraphOverlayJson {
  return {
    nodes: [...o.nodes],
    takenEdges: [...o.takenEdges],
    maps: [...o.maps].map(
      ([id, m]) => [id, { ...m, iterations: m.iterations.slice(0, iterationChoiceLimit) }] as const,
    ),
  };
}

/** The overlay back from JSON. */
export function graphOverlayFromJson(j: GraphOverlayJson): GraphOverlay {
  return { nodes: new Map(j.nodes), takenEdges: new Set(j.takenEdges), maps: new Map(j.maps) };
}

/**
 * The execution drawn over its graph. `iterations` picks one iteration per Map node id:
 * the states inside that processor then show only that iteration's runs.
 */
export function computeGraphOverlay(
  graph: StateMachineGraph,
  runs: readonly OverlayRun[],
  iterations: ReadonlyMap<string, number> = new Map(),
): GraphOverlay {
  const byNode = new Map<string, OverlayRun[]>();
  for (const run of runs) {
    if (!passesIterationFilter(run, iterations)) continue;
    const id = nodeIdOfRun(run.scope, run.name);
    const list = byNode.get(id);
    if (list) list.push(run);
    else byNode.set(id, [run]);
  }
  const nodes = new Map<string, NodeOverlay>();
  for (const n of graph.nodes) {
    if (n.kind !== "state") continue;
    const list = byNode.get(n.id) ?? [];
    let status: StateViewStatus = "not-reached";
    let retries = 0;
    for (const r of list) {
      retries += r.retries;
      status = worseStatus(status, runViewStatus(r.status, r.retries));
    }
    nodes.set(n.id, { status, runCount: list.length, retries });
  }
  return { nodes, takenEdges: takenEdges(graph, runs, iterations), maps: mapCounts(graph, runs) };
}

function passesIterationFilter(run: OverlayRun, iterations: ReadonlyMap<string, number>): boolean {
  if (iterations.size === 0) return true;
  let prefix = "";
  for (const seg of run.scope) {
    if (seg.kind === "map-iteration") {
      const chosen = iterations.get(prefix + seg.state);
      if (chosen !== undefined && chosen !== seg.index) return false;
      prefix += `${seg.state}/items/`;
    } else prefix += `${seg.state}/${seg.index}/`;
  }
  return true;
}

/** Consecutive runs in one scope instance (same parent, same branch/iteration) are a transition taken. */
function takenEdges(
  graph: StateMachineGraph,
  runs: readonly OverlayRun[],
  iterations: ReadonlyMap<string, number>,
): Set<string> {
  const edgesByPair = new Map<string, { id: string; kind: string }[]>();
  for (const e of graph.edges) {
    const k = `${e.source}\u0000${e.target}`;
    const list = edgesByPair.get(k);
    if (list) list.push(e);
    else edgesByPair.set(k, [e]);
  }
  const last = new Map<string, OverlayRun>();
  const taken = new Set<string>();
  for (const run of runs) {
    if (!passesIterationFilter(run, iterations)) continue;
    const lastSeg = run.scope[run.scope.length - 1];
    const instance = `${run.parentKey ?? ""}\u0000${lastSeg ? `${lastSeg.kind}${lastSeg.index}` : ""}`;
    const prev = last.get(instance);
    last.set(instance, run);
    if (!prev) continue;
    const candidates = edgesByPair.get(
      `${nodeIdOfRun(prev.scope, prev.name)}\u0000${nodeIdOfRun(run.scope, run.name)}`,
    );
    if (!candidates) continue;
    const wanted = prev.status === "CAUGHT" ? ["catch"] : ["next", "choice", "default"];
    for (const e of candidates) if (wanted.includes(e.kind)) taken.add(e.id);
  }
  return taken;
}

function mapCounts(graph: StateMachineGraph, runs: readonly OverlayRun[]): Map<string, MapCounts> {
  const mapIds = new Set(graph.nodes.filter((n) => n.kind === "state" && n.type === "Map").map((n) => n.id));
  const perMap = new Map<string, Map<number, StateViewStatus>>();
  for (const run of runs) {
    let prefix = "";
    for (const seg of run.scope) {
      if (seg.kind === "map-iteration") {
        const mapId = prefix + seg.state;
        if (mapIds.has(mapId)) {
          const its = perMap.get(mapId) ?? new Map<number, StateViewStatus>();
          perMap.set(mapId, its);
          const status = runViewStatus(run.status, run.retries);
          // An iteration is as bad as its worst run, but a caught failure inside it still let it succeed.
          const effective: StateViewStatus = status === "caught" || status === "retried" ? "succeeded" : status;
          its.set(seg.index, worseStatus(its.get(seg.index) ?? "not-reached", effective));
        }
        prefix += `${seg.state}/items/`;
      } else prefix += `${seg.state}/${seg.index}/`;
    }
  }
  const out = new Map<string, MapCounts>();
  for (const [mapId, its] of perMap) {
    const iterations = [...its].map(([index, status]) => ({ index, status }));
    const rank = (s: StateViewStatus) =>
      s === "failed" || s === "timed-out" ? 0 : s === "aborted" ? 1 : s === "running" ? 2 : 3;
    iterations.sort((a, b) => rank(a.status) - rank(b.status) || a.index - b.index);
    const count = (pred: (s: StateViewStatus) => boolean) => iterations.filter((i) => pred(i.status)).length;
    out.set(mapId, {
      succeeded: count((s) => s === "succeeded"),
      failed: count((s) => s === "failed" || s === "timed-out"),
      aborted: count((s) => s === "aborted"),
      running: count((s) => s === "running"),
      iterations,
    });
  }
  return out;
}
