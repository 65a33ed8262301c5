import type { DraftEvent, Json, Track } from "./history-recorder";
import { hop, type SimContext } from "./sim-context";
import { enterState, exitState } from "./state-steps";

/** How one Parallel branch or Map iteration ended. */
export type BranchOutcome =
  | { readonly status: "SUCCEEDED"; readonly output: Json }
  | { readonly status: "FAILED"; readonly error: string; readonly cause: string | null };

/** A Parallel or Map visit ends like a Task: succeeded, failed (caught or not), or aborted by a stop. */
export type ConcurrentEnd =
  | { readonly status: "SUCCEEDED" }
  | { readonly status: "FAILED"; readonly error: string; readonly cause: string | null; readonly caught: boolean }
  | { readonly status: "ABORTED" };

interface ConcurrentCommon {
  readonly name: string;
  readonly input: Json;
  /** State output from the branch/iteration results (after `ResultSelector`/`ResultPath`). */
  readonly output: (results: readonly Json[]) => Json;
  /** State output when a branch fails and a `Catch` matches; omitted = uncaught. */
  readonly caughtOutput?: Json;
  /** Stop the execution at this time (ms since start): in-flight work is aborted. */
  readonly abortAtMs?: number;
}

/** A Parallel state: one body per `Branches` entry. */
export interface ParallelPlan extends ConcurrentCommon {
  readonly branches: readonly ((track: Track) => BranchOutcome)[];
}

/** An inline Map state: one iteration per item, at most `maxConcurrency` at a time. */
export interface MapPlan extends ConcurrentCommon {
  readonly items: readonly Json[];
  readonly maxConcurrency: number;
  readonly iteration: (track: Track, item: Json, index: number) => BranchOutcome;
}

const abortable = new Set(["Task", "Wait", "Map", "Parallel"]);

/**
 * `ParallelStateEntered` → `ParallelStateStarted` → branch events (each branch's chain
 * starts at `ParallelStateStarted`) → `ParallelStateSucceeded` | `ParallelStateFailed`
 * (pointing at the last or the failing branch event) → `ParallelStateExited`.
 */
export function runParallel(sim: SimContext, track: Track, plan: ParallelPlan): ConcurrentEnd {
  enterState(sim, track, "Parallel", plan.name, plan.input);
  const started = track.emit("ParallelStateStarted", hop(sim));
  const branches = plan.branches.map((body) => {
    const branch = sim.recorder.track(track.t, started);
    return { track: branch, outcome: body(branch), index: -1 };
  });
  return settle(sim, track, "Parallel", plan, branches);
}

/**
 * `MapStateEntered` → `MapStateStarted` (`length`) → per item `MapIterationStarted`
 * (`name`, `index`) … `MapIterationSucceeded` | `MapIterationFailed` → `MapStateSucceeded`
 * | `MapStateFailed` → `MapStateExited`. Iterations beyond `maxConcurrency` start when a
 * running one ends, and point at that end.
 */
export function runMap(sim: SimContext, track: Track, plan: MapPlan): ConcurrentEnd {
  enterState(sim, track, "Map", plan.name, plan.input);
  const started = track.emit("MapStateStarted", hop(sim), "mapStateStartedEventDetails", { length: plan.items.length });
  const slots: { t: number; last: DraftEvent }[] = Array.from({ length: Math.max(1, plan.maxConcurrency) }, () => ({
    t: track.t,
    last: started,
  }));
  let lastStart = track.t;
  const iterations = plan.items.map((item, index) => {
    const slot = slots.reduce((best, candidate) => (candidate.t < best.t ? candidate : best));
    // AWS starts iterations in index order, a few ms apart.
    const iteration = sim.recorder.track(Math.max(slot.t, lastStart), slot.last);
    const details = { name: plan.name, index };
    iteration.emit("MapIterationStarted", sim.rng.int(1, 6), "mapIterationStartedEventDetails", details);
    lastStart = iteration.t;
    const outcome = plan.iteration(iteration, item, index);
    const endType = outcome.status === "SUCCEEDED" ? "MapIterationSucceeded" : "MapIterationFailed";
    const endKey = outcome.status === "SUCCEEDED" ? "mapIterationSucceededEventDetails" : "mapIterationFailedEventDetails";
    const end = iteration.emit(endType, hop(sim), endKey, details);
    slot.t = iteration.t;
    slot.last = end;
    return { track: iteration, outcome, index };
  });
  return settle(sim, track, "Map", plan, iterations);
}

interface Branch {
  readonly track: Track;
  readonly outcome: BranchOutcome;
  /** Map iteration index, or -1 for a Parallel branch. */
  readonly index: number;
}

function settle(
  sim: SimContext,
  track: Track,
  stateType: "Parallel" | "Map",
  plan: ConcurrentCommon,
  branches: readonly Branch[],
): ConcurrentEnd {
  const failure = firstFailure(branches);
  const stopAt = Math.min(plan.abortAtMs ?? Number.POSITIVE_INFINITY, failure?.track.t ?? Number.POSITIVE_INFINITY);
  if (stopAt !== Number.POSITIVE_INFINITY) {
    for (const branch of branches) {
      if (branch !== failure || plan.abortAtMs === stopAt) abortBranch(sim, branch, stopAt, plan.name, stateType);
    }
  }
  const latest = Math.max(track.t, ...branches.map((branch) => branch.track.t));
  if (plan.abortAtMs !== undefined && plan.abortAtMs === stopAt) {
    track.t = Math.max(track.t, stopAt);
    track.last = lastOf(branches) ?? track.last;
    track.advance(latest - track.t);
    track.emit(`${stateType}StateAborted`, hop(sim));
    return { status: "ABORTED" };
  }
  if (failure !== undefined && failure.outcome.status === "FAILED") {
    track.last = failure.track.last;
    track.advance(latest - track.t);
    track.emit(`${stateType}StateFailed`, hop(sim));
    const { error, cause } = failure.outcome;
    if (plan.caughtOutput === undefined) return { status: "FAILED", error, cause, caught: false };
    exitState(sim, track, stateType, plan.name, plan.caughtOutput);
    return { status: "FAILED", error, cause, caught: true };
  }
  track.last = lastOf(branches) ?? track.last;
  track.advance(latest - track.t);
  track.emit(`${stateType}StateSucceeded`, hop(sim));
  exitState(sim, track, stateType, plan.name, plan.output(branches.map(resultOf)));
  return { status: "SUCCEEDED" };
}

function firstFailure(branches: readonly Branch[]): Branch | undefined {
  let first: Branch | undefined;
  for (const branch of branches) {
    if (branch.outcome.status === "FAILED" && (first === undefined || branch.track.t < first.track.t)) first = branch;
  }
  return first;
}

function lastOf(branches: readonly Branch[]): DraftEvent | null {
  let last: DraftEvent | null = null;
  for (const branch of branches) {
    const candidate = branch.track.last;
    if (candidate !== null && !candidate.dropped && (last === null || candidate.t > last.t || (candidate.t === last.t && candidate.seq > last.seq))) {
      last = candidate;
    }
  }
  return last;
}

function resultOf(branch: Branch): Json {
  return branch.outcome.status === "SUCCEEDED" ? branch.outcome.output : null;
}

/** Cuts a branch at `stopAt`; if it was mid-flight, writes the `*Aborted` events AWS writes. */
function abortBranch(sim: SimContext, branch: Branch, stopAt: number, mapName: string, stateType: "Parallel" | "Map"): void {
  const { track } = branch;
  if (track.t <= stopAt) return;
  track.truncateAfter(stopAt);
  const kept = track.kept();
  if (kept.length === 0) return;
  const open = openState(kept);
  if (open !== null && abortable.has(open)) track.emit(`${open}StateAborted`, hop(sim));
  if (stateType === "Map") {
    track.emit("MapIterationAborted", hop(sim), "mapIterationAbortedEventDetails", { name: mapName, index: branch.index });
  }
}

/** The state type a chain is inside at its last event, or null between states. */
function openState(events: readonly DraftEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const type = events[i]?.type ?? "";
    if (type.endsWith("StateExited")) return null;
    if (type.endsWith("StateEntered")) return type.slice(0, -"StateEntered".length);
  }
  return null;
}
