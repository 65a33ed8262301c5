import type { RunningState, TimedAttempt } from "./explain-outcome";
import type { ScopeSegment } from "./types";

/** What {@link runningAtEnd} reads of a state run. */
export interface EndedRun {
  readonly key: string;
  readonly name: string;
  readonly stateType: string;
  readonly scope: readonly ScopeSegment[];
  readonly parentKey: string | null;
  readonly status: string;
  readonly enteredEventId: number;
  /** Null for a run the execution's end cut short (no `*StateExited`/`*StateAborted` of its own). */
  readonly exitedEventId: number | null;
}

/**
 * The states running when the execution timed out or was aborted: runs entered in that
 * attempt (`sinceEventId` on) that the execution's end closed, the innermost only (a Map or
 * Parallel whose children were running is said through them), one entry per state name
 * with how many of its runs were open (a Map's iterations).
 */
export function runningAtEnd(runs: readonly EndedRun[], sinceEventId: number): RunningState[] {
  const cut = runs.filter(
    (r) =>
      r.enteredEventId >= sinceEventId &&
      r.exitedEventId === null &&
      (r.status === "ABORTED" || r.status === "TIMED_OUT" || r.status === "RUNNING"),
  );
  const parents = new Set(cut.map((r) => r.parentKey));
  const out = new Map<string, { name: string; stateType: string; scope: readonly ScopeSegment[]; runs: number }>();
  for (const r of cut) {
    if (parents.has(r.key)) continue;
    const had = out.get(r.name);
    if (had) had.runs++;
    else out.set(r.name, { name: r.name, stateType: r.stateType, scope: r.scope, runs: 1 });
  }
  return [...out.values()];
}

/** A number of seconds an event's details or a definition give (`timeoutInSeconds`, `TimeoutSeconds`), else null. */
export function secondsOf(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * The time limits an attempt ran under: its `*Scheduled` event's `timeoutInSeconds` /
 * `heartbeatInSeconds` (AWS records the evaluated values, `*SecondsPath` included), else
 * the state definition's `TimeoutSeconds` / `HeartbeatSeconds`.
 */
export function attemptLimits(
  scheduledDetails: Readonly<Record<string, unknown>> | null,
  stateDefinition: Readonly<Record<string, unknown>> | null,
): Pick<TimedAttempt, "timeoutSeconds" | "heartbeatSeconds"> {
  return {
    timeoutSeconds: secondsOf(scheduledDetails?.["timeoutInSeconds"]) ?? secondsOf(stateDefinition?.["TimeoutSeconds"]),
    heartbeatSeconds:
      secondsOf(scheduledDetails?.["heartbeatInSeconds"]) ?? secondsOf(stateDefinition?.["HeartbeatSeconds"]),
  };
}

/** The state named `name` anywhere in an ASL definition (Parallel branches and Map processors included), or null. */
export function stateByName(definition: unknown, name: string): Record<string, unknown> | null {
  if (typeof definition !== "object" || definition === null) return null;
  const states = (definition as { States?: unknown }).States;
  if (typeof states !== "object" || states === null) return null;
  for (const [n, state] of Object.entries(states as Record<string, unknown>)) {
    if (typeof state !== "object" || state === null) continue;
    if (n === name) return state as Record<string, unknown>;
    const s = state as { Branches?: unknown; ItemProcessor?: unknown; Iterator?: unknown };
    const inner = [...(Array.isArray(s.Branches) ? s.Branches : []), s.ItemProcessor, s.Iterator];
    for (const child of inner) {
      const found = stateByName(child, name);
      if (found) return found;
    }
  }
  return null;
}
