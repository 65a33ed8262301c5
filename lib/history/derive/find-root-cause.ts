import { detailString, eventDetails } from "../event-details";
import type { RootCause } from "../types";
import type { Terminal } from "./history-walker";
import type { RunBuilder } from "./run-builder";

/**
 * The root cause of how an execution ended, by its last terminal event:
 * `ExecutionSucceeded` → null. `ExecutionFailed` → the first unrecovered failure, not its
 * cascade: from the top-level run the failure came through, descend into a failed
 * Map/Parallel's last attempt to the child whose failure came first (by event id), until a
 * run with no failed children (a Task whose retries ran out, a `Fail` state, a state whose
 * evaluation failed). A `Fail` state that a `Catch` led to is not the root: the last
 * caught failure before it in the same scope is (pass `runs`, the walker's runs in entry order). A run that stopped without a failure event of its own (a runtime
 * error on a `Pass`, `States.NoChoiceMatched` on a `Choice`) is marked failed here.
 * `error`/`cause` come from the root's own failure event, else from `ExecutionFailed`.
 * `ExecutionTimedOut`/`ExecutionAborted` → the open run entered last, or null when none.
 */
export function findRootCause(terminal: Terminal, runs: readonly RunBuilder[] = []): RootCause | null {
  const details = eventDetails(terminal.event);
  const error = detailString(details, "error");
  const cause = detailString(details, "cause");
  switch (terminal.status) {
    case "SUCCEEDED":
      return null;
    case "TIMED_OUT":
    case "ABORTED": {
      const running = terminal.open[terminal.open.length - 1];
      return running === undefined ? null : rootCause(running, error, cause, terminal.event.id);
    }
    case "FAILED": {
      let run = terminal.cause;
      if (run === null) return null;
      while (run.scope.owner !== null && !run.isFailed()) run = run.scope.owner;
      if (run.failure === null && run.exitedEventId === null)
        run.failure = { error, cause, eventId: terminal.event.id, timedOut: false };
      for (let child = firstFailedChild(run); child !== null; child = firstFailedChild(run)) run = child;
      // A `Fail` state reached through a `Catch` is the cascade; the caught failure is the cause.
      const caught = run.stateType === "Fail" ? lastCaughtBefore(run, runs) : null;
      if (caught !== null) {
        run = caught;
        for (let child = firstFailedChild(run); child !== null; child = firstFailedChild(run)) run = child;
      }
      const failure = run.failure;
      return rootCause(
        run,
        failure?.error ?? error,
        failure?.error != null ? failure.cause : (failure?.cause ?? cause),
        failure?.eventId ?? terminal.event.id,
      );
    }
    default: {
      const never: never = terminal.status;
      return never;
    }
  }
}

/** The last run in `run`'s scope, entered before it, whose failure a `Catch` handled. */
function lastCaughtBefore(run: RunBuilder, runs: readonly RunBuilder[]): RunBuilder | null {
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i]!;
    if (r.scope === run.scope && r.enteredEventId < run.enteredEventId && r.caught) return r;
  }
  return null;
}

function firstFailedChild(run: RunBuilder): RunBuilder | null {
  if (run.stateType !== "Map" && run.stateType !== "Parallel") return null;
  const since = run.lastAttemptStartId();
  let first: RunBuilder | null = null;
  for (const child of run.children) {
    if (child.enteredEventId < since || !child.isFailed()) continue;
    if (first === null || (child.failure?.eventId ?? 0) < (first.failure?.eventId ?? 0)) first = child;
  }
  return first;
}

function rootCause(run: RunBuilder, error: string | null, cause: string | null, eventId: number): RootCause {
  return { stateName: run.name, runKey: run.key, scope: run.scope.segments, error, cause, eventId };
}
