import type { HistoryRecorder } from "../history-recorder";
import { NOT_TRUNCATED } from "./event-details";
import type { StateCtx, Vars } from "./state-context";

const EVENT_TYPES = new Map<string, string>();

/** `PassStateEntered` etc., interned so the hot path does not build the same string per state. */
export function eventType(stateType: string, suffix: "StateEntered" | "StateExited"): string {
  const key = stateType + suffix;
  let interned = EVENT_TYPES.get(key);
  if (interned === undefined) {
    interned = key;
    EVENT_TYPES.set(key, interned);
  }
  return interned;
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
  const details: Record<string, unknown> = { name: ctx.name };
  if (assigned !== undefined && Object.keys(assigned).length > 0) {
    details["assignedVariables"] = Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v)]));
    details["assignedVariablesDetails"] = NOT_TRUNCATED;
    Object.assign(ctx.frame.variables, assigned);
  }
  details["output"] = outputText;
  details["outputDetails"] = NOT_TRUNCATED;
  ctx.thread.prev = recorder.add(eventType(ctx.type, "StateExited"), ctx.thread.prev, details);
}
