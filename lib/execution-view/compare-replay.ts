import { deriveHistory } from "@/lib/history/derive-history";
import type { HistoryEvent, ScopeSegment, StateRun } from "@/lib/history/types";
import { compareRuns } from "./compare-runs";
import { diffJson, parseJsonPayload, type JsonChange } from "./diff-json";

/** How an execution ended, as its history says. */
export interface ReplayEnd {
  readonly status: string;
  readonly error: string | null;
  readonly cause: string | null;
}

/** One position of the top-level path where the recording and the replay first differ (1-based `step`). */
export interface PathDivergence {
  readonly step: number;
  readonly recorded: { readonly name: string; readonly status: string } | null;
  readonly replayed: { readonly name: string; readonly status: string } | null;
}

/** A state (at any depth) whose last outcome differs; `where` is its Parallel branch / Map iteration, "" at top level. */
export interface StateOutcomeChange {
  readonly state: string;
  readonly where: string;
  /** Status of its last run; null when it never ran there. */
  readonly recorded: string | null;
  readonly replayed: string | null;
}

/** What replaying a recorded execution against a definition changed. */
export interface ReplayComparison {
  /** False when the path, every state's outcome, the execution's end and its output are the same. */
  readonly changed: boolean;
  readonly recorded: ReplayEnd;
  readonly replayed: ReplayEnd;
  /** Top-level states the replay entered. */
  readonly replayedSteps: number;
  readonly firstDivergence: PathDivergence | null;
  readonly outcomeChanges: readonly StateOutcomeChange[];
  /** From the recorded output to the replayed one (JSON values compared, not their text). */
  readonly outputChanges: readonly JsonChange[];
}

function scopeLabel(scope: readonly ScopeSegment[]): string {
  return scope
    .map((s) => (s.kind === "parallel-branch" ? `${s.state} branch ${s.index}` : `${s.state} iteration ${s.index}`))
    .join(" › ");
}

/** Last status of every state run, keyed by where it ran and its name, in first-seen order. */
function lastOutcomes(runs: readonly StateRun[]): Map<string, { state: string; where: string; status: string }> {
  const out = new Map<string, { state: string; where: string; status: string }>();
  for (const run of runs) {
    const where = scopeLabel(run.scope);
    out.set(`${where}\u0000${run.name}`, { state: run.name, where, status: run.status });
  }
  return out;
}

/**
 * Compares a recorded execution with its replay: the top-level path position by position (the
 * first step where the state or its status differs), the last outcome of every state at every
 * depth (keyed by its Parallel branch or Map iteration, so the order in which branches' events
 * interleave does not count), the execution's status, error and cause, and its output.
 */
export function compareReplay(
  recordedEvents: readonly HistoryEvent[],
  replayedEvents: readonly HistoryEvent[],
): ReplayComparison {
  const recorded = deriveHistory(recordedEvents);
  const replayed = deriveHistory(replayedEvents);
  const path = compareRuns(recorded.stateRuns, replayed.stateRuns);
  const divergent = path.firstDivergence === null ? null : path.steps[path.firstDivergence];
  const firstDivergence =
    divergent === undefined || divergent === null
      ? null
      : { step: divergent.index + 1, recorded: divergent.left, replayed: divergent.right };
  const before = lastOutcomes(recorded.stateRuns);
  const after = lastOutcomes(replayed.stateRuns);
  const outcomeChanges: StateOutcomeChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    if (b?.status === a?.status) continue;
    const { state, where } = (b ?? a)!;
    outcomeChanges.push({ state, where, recorded: b?.status ?? null, replayed: a?.status ?? null });
  }
  const end = (s: typeof recorded.summary): ReplayEnd => ({ status: s.status, error: s.error, cause: s.cause });
  const outputChanges = diffJson(parseJsonPayload(recorded.summary.output), parseJsonPayload(replayed.summary.output));
  const r = end(recorded.summary);
  const p = end(replayed.summary);
  const changed =
    firstDivergence !== null ||
    outcomeChanges.length > 0 ||
    outputChanges.length > 0 ||
    r.status !== p.status ||
    r.error !== p.error ||
    r.cause !== p.cause;
  return {
    changed,
    recorded: r,
    replayed: p,
    replayedSteps: path.steps.filter((s) => s.right !== null).length,
    firstDivergence,
    outcomeChanges,
    outputChanges,
  };
}
