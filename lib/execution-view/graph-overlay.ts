import type { StateMachineGraph } from "@/lib/asl/graph";
import { nodeIdOfRun } from "./node-id-of-run";
import { runViewStatus, worseStatus, type StateViewStatus } from "./state-status";
import type { ViewRun } from "./view-types";

/** What the overlay reads of a state run (the server reads just these columns). */
export type OverlayRun = Pick<ViewRun, "key" | "name" | "scope" | "parentKey" | "status"> & {
  /** Attempts beyond the first (`retry_count`). */
  readonly retries: number;
  /** The execution attempt the run belongs to: 0 the first run, n redrive n (default 0). */
  readonly redrive?: number;
};

/** One Map iteration as the picker lists it. */
export interface IterationChoice {
  readonly index: number;
  readonly status: StateViewStatus;
}

/** What a node shows of the execution. */
export interface NodeOverlay {
  /** The outcome in the latest execution attempt (first run or redrive) that ran the state. */
  readonly status: StateViewStatus;
  /** Runs counted (the visits, or the chosen iteration's, of that latest attempt). */
  readonly runCount: number;
  /** Attempts beyond the first, summed over those runs. */
  readonly retries: number;
  /** Set for a redriven execution: the execution attempt `status` is from (0 the first run, n redrive n). */
  readonly redrive?: number;
  /** Set for a redriven execution when earlier attempts ran the state too: their worst outcome. */
  readonly earlier?: StateViewStatus;
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
    const all = byNode.get(n.id) ?? [];
    // A redrive re-runs only what did not succeed: the latest attempt that ran the state says
    // how it ended; what earlier attempts did is kept apart, never mixed into it.
    const latest = all.reduce((m, r) => Math.max(m, r.redrive ?? 0), 0);
    const list = all.filter((r) => (r.redrive ?? 0) === latest);
    let status: StateViewStatus = "not-reached";
    let earlier: StateViewStatus = "not-reached";
    let retries = 0;
    for (const r of list) {
      retries += r.retries;
      status = worseStatus(status, runViewStatus(r.status, r.retries));
    }
    for (const r of all)
      if ((r.redrive ?? 0) < latest) earlier = worseStatus(earlier, runViewStatus(r.status, r.retries));
    const redriven = runs.some((r) => (r.redrive ?? 0) > 0);
    nodes.set(n.id, {
      status,
      runCount: list.length,
      retries,
      ...(redriven && all.length ? { redrive: latest } : {}),
      ...(earlier !== "not-reached" ? { earlier } : {}),
    });
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
    // A redrive starts a new chain: its first state was not reached from the last one before the gap.
    const instance = `${run.redrive ?? 0}\u0000${run.parentKey ?? ""}\u0000${lastSeg ? `${lastSeg.kind}${lastSeg.index}` : ""}`;
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
  // Per iteration: the latest execution attempt that ran it, and its status there.
  const perMap = new Map<string, Map<number, { redrive: number; status: StateViewStatus }>>();
  for (const run of runs) {
    let prefix = "";
    for (const seg of run.scope) {
      if (seg.kind === "map-iteration") {
        const mapId = prefix + seg.state;
        if (mapIds.has(mapId)) {
          const its = perMap.get(mapId) ?? new Map<number, { redrive: number; status: StateViewStatus }>();
          perMap.set(mapId, its);
          const status = runViewStatus(run.status, run.retries);
          // An iteration is as bad as its worst run, but a caught failure inside it still let it succeed.
          const effective: StateViewStatus = status === "caught" || status === "retried" ? "succeeded" : status;
          const redrive = run.redrive ?? 0;
          const had = its.get(seg.index);
          // A redrive re-runs only failed iterations: the redriven one's outcome replaces the earlier one.
          if (had === undefined || redrive > had.redrive) its.set(seg.index, { redrive, status: effective });
          else if (redrive === had.redrive) its.set(seg.index, { redrive, status: worseStatus(had.status, effective) });
        }
        prefix += `${seg.state}/items/`;
      } else prefix += `${seg.state}/${seg.index}/`;
    }
  }
  const out = new Map<string, MapCounts>();
  for (const [mapId, its] of perMap) {
    const iterations = [...its].map(([index, { status }]) => ({ index, status }));
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
