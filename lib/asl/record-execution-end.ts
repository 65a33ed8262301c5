import type { ExecutionResult } from "./execution-options";
import type { HistoryRecorder } from "./history-recorder";
import { errorDetails, NOT_TRUNCATED } from "./states/event-details";
import type { ExecutionAbort } from "./states/execution-abort";
import type { Outcome } from "./states/state-context";

/** An execution's result without what the core adds to every one (transitions and ARNs). */
export type ExecutionEnd = Pick<ExecutionResult, "status" | "output" | "error" | "cause" | "events">;

/**
 * Records how an execution ended that the machine itself ended (`ExecutionSucceeded` or
 * `ExecutionFailed`, after the event `prev`).
 */
export function recordOutcomeEnd(recorder: HistoryRecorder, outcome: Outcome, prev: number): ExecutionEnd {
  const events = recorder.events;
  if (outcome.kind === "succeeded") {
    const output = JSON.stringify(outcome.output);
    recorder.add("ExecutionSucceeded", prev, { output, outputDetails: NOT_TRUNCATED });
    return { status: "SUCCEEDED", output, events };
  }
  recorder.add("ExecutionFailed", prev, errorDetails(outcome.error, outcome.cause));
  return {
    status: "FAILED",
    error: outcome.error,
    ...(outcome.cause === undefined ? {} : { cause: outcome.cause }),
    events,
  };
}

/**
 * Records how an execution ended that was cut short: `ExecutionTimedOut` at its deadline,
 * `ExecutionFailed` (`States.Runtime`) when its history reached `maxEvents`, else
 * `ExecutionAborted` (stopped).
 */
export function recordAbortEnd(recorder: HistoryRecorder, abort: ExecutionAbort, maxEvents = 0): ExecutionEnd {
  if (abort.reason === "timeout") {
    // Never before the last event recorded (a Distributed Map child's deadline may be behind the parent's clock).
    const last = recorder.events.at(-1);
    const atMs =
      abort.atMs === undefined ? undefined : Math.max(abort.atMs, last === undefined ? 0 : Date.parse(last.timestamp));
    recorder.add("ExecutionTimedOut", abort.prev, { error: "States.Timeout" }, atMs);
    return { status: "TIMED_OUT", error: "States.Timeout", events: recorder.events };
  }
  if (abort.reason === "history") {
    // AWS documents the failure (ExecutionFailed as event 25,000) but not its error name; States.Runtime is its error for what the service stops.
    const cause = `The execution reached the maximum number of events in its history (${maxEvents})`;
    recorder.add("ExecutionFailed", abort.prev, errorDetails("States.Runtime", cause));
    return { status: "FAILED", error: "States.Runtime", cause, events: recorder.events };
  }
  recorder.add("ExecutionAborted", abort.prev, {});
  return { status: "ABORTED", events: recorder.events };
}
