import type { HistoryRecorder } from "../history-recorder";
import { NOT_TRUNCATED } from "./event-details";
import type { StateCtx, Vars } from "./state-context";

const ENTERED = new Map<string, string>();
const EXITED = new Map<string, string>();

/**
 * `PassStateEntered` etc., kept per state type so the hot path neither builds the string nor
 * hashes a new one (a concatenated key cost a quarter of a Pass state's time: npm run bench:interpreter).
 */
export function eventType(stateType: string, suffix: "StateEntered" | "StateExited"): string {
  const table = suffix === "StateEntered" ? ENTERED : EXITED;
  let type = table.get(stateType);
  if (type === undefined) {
    type = stateType + suffix;
    // Bounded: only the handful of state types recur (an unknown one fails the state).
    if (table.size < 64) table.set(stateType, type);
  }
  return type;
}

/**
 * Records a state's `*StateExited` with its output text and the variables it assigned, and
 * makes those variables visible to the states that follow.
 */
export function recordStateExited(
  recorder: HistoryRecorder,
  ctx: StateCtx,
  outputText: string,
  assigned: Vars | undefined,
): void {
  if (assigned === undefined || Object.keys(assigned).length === 0) {
    ctx.thread.prev = recorder.addStateExited(
      eventType(ctx.type, "StateExited"),
      ctx.thread.prev,
      ctx.name,
      outputText,
    );
    return;
  }
  const details = {
    name: ctx.name,
    assignedVariables: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v)])),
    assignedVariablesDetails: NOT_TRUNCATED,
    output: outputText,
    outputDetails: NOT_TRUNCATED,
  };
  Object.assign(ctx.frame.variables, assigned);
  ctx.thread.prev = recorder.add(eventType(ctx.type, "StateExited"), ctx.thread.prev, details);
}
