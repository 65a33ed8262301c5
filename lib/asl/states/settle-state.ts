import { applyCatch, type CatchRuntime } from "../apply-catch";
import { StatesError } from "../states-error";
import type { Json } from "../types";
import { Failure } from "./evaluation-failure";
import { exceedsPayloadLimit } from "./event-details";
import { ABORTABLE, ExecutionAbort } from "./execution-abort";
import * as stateExited from "./record-state-exited";
import * as stateContext from "./state-context";
import type { StateCtx, StateOutcome, StepResult } from "./state-context";

// Bound once: tsx/esbuild's CommonJS output reads an imported binding through getters on every call (see the core).
const { recordStateExited } = stateExited;
const { stepped } = stateContext;

/** A state's thrown ASL error as an outcome; a stop records `*StateAborted` and keeps unwinding. */
export function thrownOutcome(rt: Pick<CatchRuntime, "recorder">, err: unknown, type: string): StateOutcome {
  if (err instanceof ExecutionAbort) {
    if (err.reason === "stop" && ABORTABLE.has(type)) err.prev = rt.recorder.add(`${type}StateAborted`, err.prev);
    throw err;
  }
  if (!(err instanceof StatesError)) throw err;
  return {
    kind: "error",
    error: err.error,
    cause: err.cause,
    location: err instanceof Failure ? err.location : undefined,
    evaluation: true,
  };
}

/**
 * Records how a state ended (`*StateExited`, `EvaluationFailed`) and applies `Catch`.
 * `payloadText` is the core's `JSON.stringify` that remembers the last payload.
 */
export function settleState(
  rt: CatchRuntime,
  payloadText: (value: Json) => string,
  ctx: StateCtx,
  enteredPrev: number,
  outcome: StateOutcome,
): StepResult | Promise<StepResult> {
  const { name, type, thread, enteredId } = ctx;
  let result = outcome;
  if (result.kind === "ok" && exceedsPayloadLimit(payloadText(result.output))) {
    result = {
      kind: "error",
      error: "States.DataLimitExceeded",
      cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    };
  }
  if (result.kind === "ok") {
    recordStateExited(rt.recorder, ctx, payloadText(result.output), result.assigned);
    return stepped(result.next, result.output);
  }
  if (result.evaluation === true) {
    const cause = `An error occurred while executing the state '${name}' (entered at the event id #${enteredId}). ${result.cause ?? ""}`;
    if (result.error === "States.QueryEvaluationError") {
      const details: Record<string, unknown> = { cause, error: result.error };
      if (result.location !== undefined) details["location"] = result.location;
      details["state"] = name;
      // AWS gives EvaluationFailed the previousEventId of the state's Entered event.
      thread.prev = rt.recorder.add("EvaluationFailed", enteredPrev, details);
      if (type === "Map" || type === "Parallel") thread.prev = rt.recorder.add(`${type}StateFailed`, thread.prev);
    }
    result = { ...result, cause };
  }
  return applyCatch(rt, ctx, result.error, result.cause);
}
