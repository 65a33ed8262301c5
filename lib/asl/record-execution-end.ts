import type { ExecutionResult } from "./execution-options";
import type { HistoryRecorder } from "./history-recorder";
import { errorDetails, NOT_TRUNCATED } from "./states/event-details";
import type { ExecutionAbort } from "./states/execution-abort";
import type { Outcome } from "./states/state-context";
import type { Json } from "./types";
import { ExecutionEndRecord } from "./plain-records";

/** An execution's result without what the core adds to every one (transitions and ARNs). */
export type ExecutionEnd = Pick<ExecutionResult, "status" | "output" | "error" | "cause" | "events">;

/** An end made by `new`, never a literal (see {@link ExecutionEndRecord}). */
function end(
  status: ExecutionEnd["status"],
  output: string | undefined,
  error: string | undefined,
  cause: string | undefined,
  events: ExecutionEnd["events"],
): ExecutionEnd {
  return new ExecutionEndRecord(status, output, error, cause, events) as unknown as ExecutionEnd;
}

/**
 * Records how an execution ended that the machine itself ended (`ExecutionSucceeded` or
 * `ExecutionFailed`, after the event `prev`). `stringify`: the core's memoised one (the output is
 * usually the last state's, whose text its Exited event already holds).
 */
export function recordOutcomeEnd(
  recorder: HistoryRecorder,
  outcome: Outcome,
  prev: number,
  stringify: (value: Json) => string = JSON.stringify,
): ExecutionEnd {
  const events = recorder.events;
  if (outcome.kind === "succeeded") {
    const output = stringify(outcome.output);
    recorder.add("ExecutionSucceeded", prev, { output, outputDetails: NOT_TRUNCATED });
    return end("SUCCEEDED", output, undefined, undefined, events);
  }
  recorder.add("ExecutionFailed", prev, errorDetails(outcome.error, outcome.cause));
  return end("FAILED", undefined, outcome.error, outcome.cause, events);
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
    return end("TIMED_OUT", undefined, "States.Timeout", undefined, recorder.events);
  }
  if (abort.reason === "history") {
    // AWS documents the failure (ExecutionFailed as event 25,000) but not its error name; States.Runtime is its error for what the service stops.
    const cause = `The execution reached the maximum number of events in its history (${maxEvents})`;
    recorder.add("ExecutionFailed", abort.prev, errorDetails("States.Runtime", cause));
    return end("FAILED", undefined, "States.Runtime", cause, recorder.events);
  }
  recorder.add("ExecutionAborted", abort.prev, {});
  return end("ABORTED", undefined, undefined, undefined, recorder.events);
}
