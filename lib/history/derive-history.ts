import { HistoryWalker } from "./derive/history-walker";
import { findRootCause } from "./derive/find-root-cause";
import { detailString, eventDetails } from "./event-details";
import type {
  CostInputs,
  DerivedHistory,
  ExecutionIdentity,
  ExecutionStatus,
  ExecutionSummary,
  HistoryEvent,
} from "./types";

/**
 * Derives what a canonical history says: the execution summary, every state run (with
 * scope, attempts, retries, `CAUGHT` failures) and cost inputs. One pass, O(n) in events.
 *
 * - `status`: from the last execution-level event (`ExecutionSucceeded/Failed/TimedOut/Aborted`);
 *   `ExecutionRedriven` re-opens it; `RUNNING` when none. Without a terminal event, a
 *   `described.status` from `identity` (e.g. `PENDING_REDRIVE`) wins.
 * - `rootCause`: see {@link findRootCause}.
 * - Billable transitions (Standard): one per `*StateEntered` event (states inside inline Map
 *   iterations and Parallel branches included; `MapIterationStarted` itself is not
 *   charged), plus one per retry attempt (attempts beyond the first: retries are not
 *   re-entries but AWS bills them), plus one per Distributed Map child execution started
 *   (taken from `mapStateStartedEventDetails.length` of each Map that started a Map Run:
 *   the parent history does not list children; `ItemBatcher` makes the real count lower).
 */
export function deriveHistory(events: readonly HistoryEvent[], identity?: ExecutionIdentity): DerivedHistory {
  const walker = new HistoryWalker();
  walker.walk(events);
  const terminal = walker.terminals[walker.terminals.length - 1];
  const reopened =
    terminal !== undefined &&
    events.findLastIndex((e) => e.type === "ExecutionRedriven") > events.indexOf(terminal.event);
  const ended = terminal !== undefined && !reopened ? terminal : undefined;
  const rootCause = ended === undefined ? null : findRootCause(ended, walker.runs);
  const stateRuns = walker.runs.map((run) => run.build());
  const retries = stateRuns.reduce((sum, run) => sum + run.retryCount, 0);
  const cost: CostInputs = {
    billableTransitions: walker.stateEntered + retries + walker.mapRunChildExecutions,
    retries,
    mapRunChildExecutions: walker.mapRunChildExecutions,
  };
  const first = events[0];
  const startedDetails = walker.started === null ? {} : eventDetails(walker.started);
  const endDetails = ended === undefined ? {} : eventDetails(ended.event);
  const described = identity?.described ?? null;
  const status: ExecutionStatus = ended?.status ?? (reopened ? "RUNNING" : (described?.status ?? "RUNNING"));
  const startDate = walker.started?.timestamp ?? first?.timestamp ?? described?.startDate ?? "";
  const stopDate = ended?.event.timestamp ?? (status === "RUNNING" ? null : (described?.stopDate ?? null));
  const summary: ExecutionSummary = {
    status,
    startDate,
    stopDate,
    durationMs: stopDate === null || startDate === "" ? null : Date.parse(stopDate) - Date.parse(startDate),
    input: detailString(startedDetails, "input"),
    output: ended?.status === "SUCCEEDED" ? detailString(endDetails, "output") : null,
    error: detailString(endDetails, "error"),
    cause: detailString(endDetails, "cause"),
    rootCause,
    eventCount: events.length,
    redriveCount: walker.redriveCount,
    roleArn: detailString(startedDetails, "roleArn"),
    stateMachineAliasArn: detailString(startedDetails, "stateMachineAliasArn"),
    stateMachineVersionArn: detailString(startedDetails, "stateMachineVersionArn"),
  };
  return { summary, stateRuns, cost };
}
