import { deriveExecutionAttempts } from "./derive-execution-attempts";
import { deriveHistory } from "./derive-history";
import { eventDetails } from "./event-details";
import type { OutcomeFacts } from "./explain-outcome";
import { attemptLimits, runningAtEnd, secondsOf, stateByName } from "./outcome-facts";
import type { HistoryEvent } from "./types";

/**
 * {@link OutcomeFacts} of a whole history (and its definition, an object or ASL text, when
 * known): what the execution page reads from the stored rows instead.
 */
export function outcomeFactsOfHistory(
  events: readonly HistoryEvent[],
  definition: unknown = null,
  stoppedBy: OutcomeFacts["stoppedBy"] = null,
): OutcomeFacts {
  const asl: unknown = typeof definition === "string" ? JSON.parse(definition) : definition;
  const { summary, stateRuns } = deriveHistory(events);
  const attempts = deriveExecutionAttempts(events);
  const last = attempts[attempts.length - 1];
  const byId = new Map(events.map((e) => [e.id, e]));
  const rootRun = summary.rootCause ? stateRuns.find((r) => r.key === summary.rootCause?.runKey) : undefined;
  const stateDef = rootRun ? stateByName(asl, rootRun.name) : null;
  return {
    status: summary.status,
    error: summary.error,
    cause: summary.cause,
    redrive: last?.index ?? 0,
    attemptStartedAt: last?.startedAt ?? summary.startDate,
    stoppedAt: summary.stopDate,
    rootCause:
      rootRun && summary.rootCause
        ? {
            stateName: rootRun.name,
            stateType: rootRun.stateType,
            scope: rootRun.scope,
            error: summary.rootCause.error,
            attempts: rootRun.attempts.map((a) => {
              const scheduled = byId.get(a.startEventId);
              return {
                status: a.status,
                error: a.error,
                startedAt: a.startedAt,
                endedAt: a.endedAt,
                ...attemptLimits(scheduled ? eventDetails(scheduled) : null, stateDef),
              };
            }),
          }
        : null,
    runningAtEnd: runningAtEnd(stateRuns, last?.startEventId ?? 0),
    stateMachineTimeoutSeconds: secondsOf((asl as { TimeoutSeconds?: unknown } | null)?.TimeoutSeconds),
    stoppedBy,
  };
}
