import { classifyEvent } from "./classify-event";
import { detailNumber, detailString, eventDetails } from "./event-details";
import type { HistoryEvent } from "./types";

/**
 * One attempt of a whole execution: the first run (`index` 0, from `ExecutionStarted`) or a
 * redrive (`index` n, from the n-th `ExecutionRedriven`), until the terminal event that ended
 * it (`ExecutionSucceeded/Failed/TimedOut/Aborted`), or still `RUNNING`.
 */
export interface ExecutionAttempt {
  /** 0: the first run; n: redrive n (`executionRedrivenEventDetails.redriveCount` where given). */
  readonly index: number;
  /** `ExecutionStarted` or `ExecutionRedriven` event id (0 when the history has neither, e.g. cut short). */
  readonly startEventId: number;
  readonly startedAt: string;
  readonly endEventId: number | null;
  readonly endedAt: string | null;
  readonly status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  /** `error`/`cause` of the terminal event (`StopExecution`'s, for an abort). */
  readonly error: string | null;
  readonly cause: string | null;
}

/**
 * The execution's attempts, in order: AWS's `RedriveExecution` appends `ExecutionRedriven`
 * after the terminal event of a failed, timed-out or aborted execution, then re-enters only
 * the unsuccessful states (succeeded states are not run again), in the same history. Reads
 * only execution-level events, so it gives the same answer on the whole history or on just
 * its `Execution*` events (what a store can select cheaply). Events must be in `id` order.
 */
export function deriveExecutionAttempts(events: readonly HistoryEvent[]): ExecutionAttempt[] {
  const out: ExecutionAttempt[] = [];
  let open: { index: number; startEventId: number; startedAt: string } | null = null;
  for (const event of events) {
    const kind = classifyEvent(event.type);
    if (kind.kind === "execution-started" && out.length === 0 && open === null) {
      open = { index: 0, startEventId: event.id, startedAt: event.timestamp };
    } else if (kind.kind === "execution-redriven") {
      if (open !== null) out.push(ended(open, null));
      const count = detailNumber(eventDetails(event), "redriveCount");
      // `redriveCount` is the redrive's own number; without it, count them.
      open = { index: count ?? out.length, startEventId: event.id, startedAt: event.timestamp };
    } else if (kind.kind === "execution-ended") {
      const started = open ?? {
        index: out.length,
        startEventId: 0,
        startedAt: events[0]?.timestamp ?? event.timestamp,
      };
      const details = eventDetails(event);
      out.push({
        ...ended(started, event),
        status: kind.status,
        error: detailString(details, "error"),
        cause: detailString(details, "cause"),
      });
      open = null;
    }
  }
  if (open !== null) out.push(ended(open, null));
  else if (out.length === 0 && events[0] !== undefined)
    out.push(ended({ index: 0, startEventId: 0, startedAt: events[0].timestamp }, null));
  return out;
}

function ended(
  start: { index: number; startEventId: number; startedAt: string },
  end: HistoryEvent | null,
): ExecutionAttempt {
  return {
    ...start,
    endEventId: end?.id ?? null,
    endedAt: end?.timestamp ?? null,
    status: "RUNNING",
    error: null,
    cause: null,
  };
}

/**
 * The index of the execution attempt an event belongs to: the last attempt that started at
 * or before it (0 when there are none). `attempts` as {@link deriveExecutionAttempts} gives them.
 */
export function executionAttemptOf(
  attempts: readonly Pick<ExecutionAttempt, "index" | "startEventId">[],
  eventId: number,
): number {
  let found = attempts[0]?.index ?? 0;
  for (const a of attempts) if (a.startEventId <= eventId) found = a.index;
  return found;
}
