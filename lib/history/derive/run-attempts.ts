import type { EventKind } from "../classify-event";
import { detailString } from "../event-details";
import type { EventDetails, HistoryEvent } from "../types";
import type { Failure, RunBuilder } from "./run-builder";

/* A state run's attempts: each retry of a Task (or a Map/Parallel) opens one, its end event closes it. */

/** A Task attempt's event (`*Scheduled`, progress, `*Succeeded`/`*Failed`/`*TimedOut`) on its run. */
export function recordAttemptEvent(run: RunBuilder, event: HistoryEvent, kind: EventKind, details: EventDetails): void {
  if (kind.kind === "attempt-scheduled") {
    openAttempt(run, event);
    return;
  }
  if (kind.kind !== "attempt-ended") return;
  const attempt = run.currentAttempt() ?? openAttempt(run, event);
  attempt.endEventId = event.id;
  attempt.endedAt = event.timestamp;
  attempt.status = kind.outcome;
  if (kind.outcome === "SUCCEEDED") return;
  const failure = failureFrom(details, event.id, kind.outcome === "TIMED_OUT");
  attempt.error = failure.error;
  attempt.cause = failure.cause;
  run.failure = failure;
}

/** Starts the run's next attempt (a Task scheduled, a Map or Parallel started); a run's failure so far is retried. */
export function openAttempt(run: RunBuilder, event: HistoryEvent) {
  const previous = run.attempts[run.attempts.length - 1];
  // A new attempt while one is open: the recording dropped its end (seen with Parallel retries); it failed.
  if (previous !== undefined && previous.endEventId === null) previous.status = "FAILED";
  const backoffMs = previous?.endedAt != null ? Date.parse(event.timestamp) - Date.parse(previous.endedAt) : null;
  const attempt = {
    index: run.attempts.length,
    startEventId: event.id,
    startedAt: event.timestamp,
    backoffMs,
    endEventId: null,
    endedAt: null,
    status: "RUNNING" as const,
    error: null,
    cause: null,
  };
  run.attempts.push(attempt);
  run.failure = null;
  return run.attempts[run.attempts.length - 1] as (typeof run.attempts)[number];
}

/** The failure an event records (`error`, `cause`); a timeout without an error is `States.Timeout`. */
export function failureFrom(details: EventDetails, eventId: number, timedOut: boolean): Failure {
  return {
    error: detailString(details, "error") ?? (timedOut ? "States.Timeout" : null),
    cause: detailString(details, "cause"),
    eventId,
    timedOut,
  };
}
