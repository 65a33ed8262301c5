import type { StateMachineType } from "../express/express-execution";
import { HistoryRecorder } from "../history-recorder";
import type { AslHistoryEvent, Json } from "../types";
import { errorDetails, NOT_TRUNCATED } from "./event-details";
import type { Outcome } from "./state-context";

/** A count per status, as `DescribeMapRun` reports `itemCounts` and `executionCounts`. */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

/** One child execution of a Map Run, with its own history. */
export interface MapRunChild {
  readonly executionArn: string;
  readonly name: string;
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  readonly error?: string;
  readonly cause?: string;
  readonly events: readonly AslHistoryEvent[];
}

/** A Distributed Map's run as `DescribeMapRun` and `ListExecutions(mapRunArn)` report it. */
export interface MapRunReport {
  readonly mapRunArn: string;
  /** `ItemProcessor.ProcessorConfig.ExecutionType` (default `STANDARD`). */
  readonly executionType: StateMachineType;
  readonly status: "SUCCEEDED" | "FAILED";
  /** The timestamps of its `MapRunStarted` and of its `MapRunSucceeded`/`MapRunFailed` (ISO-8601). */
  readonly startDate: string;
  readonly stopDate: string;
  /** `MaxConcurrency(Path)` (0: no limit), `ToleratedFailureCount(Path)`, `ToleratedFailurePercentage(Path)` as evaluated. */
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number;
  readonly toleratedFailurePercentage: number;
  readonly itemCounts: MapRunCounts;
  readonly executionCounts: MapRunCounts;
  readonly children: readonly MapRunChild[];
}

/**
 * A Map Run's child execution ARN: `…:execution:<machine>/<label>:<name>` (Standard) or
 * `…:express:<machine>/<label>:<name>:<id>` (Express), from the Map Run's ARN
 * (`…:mapRun:<machine>/<label>:<run id>`).
 */
export function childExecutionArn(mapRunArn: string, type: StateMachineType, name: string, id: string): string {
  const parts = mapRunArn.split(":");
  const prefix = parts.slice(0, 5).join(":");
  const machine = parts[6] ?? "";
  return type === "EXPRESS" ? `${prefix}:express:${machine}:${name}:${id}` : `${prefix}:execution:${machine}:${name}`;
}

/** Starts a child's history: `ExecutionStarted` with its input and the parent's role. */
export function startChildHistory(now: () => number, input: Json, roleArn: string): HistoryRecorder {
  const recorder = new HistoryRecorder(now);
  recorder.add("ExecutionStarted", 0, { input: JSON.stringify(input), inputDetails: NOT_TRUNCATED, roleArn });
  return recorder;
}

/** Ends a child's history as its outcome (or its time limit) ended it; returns the child. */
export function endChild(
  recorder: HistoryRecorder,
  arn: string,
  name: string,
  end: { readonly outcome: Outcome; readonly prev: number } | { readonly timedOutAt: number },
): MapRunChild {
  const base = { executionArn: arn, name, events: recorder.events };
  if ("timedOutAt" in end) {
    recorder.add("ExecutionTimedOut", end.timedOutAt, { error: "States.Timeout" });
    return { ...base, status: "TIMED_OUT", error: "States.Timeout" };
  }
  const { outcome, prev } = end;
  if (outcome.kind === "succeeded") {
    recorder.add("ExecutionSucceeded", prev, { output: JSON.stringify(outcome.output), outputDetails: NOT_TRUNCATED });
    return { ...base, status: "SUCCEEDED" };
  }
  recorder.add("ExecutionFailed", prev, errorDetails(outcome.error, outcome.cause));
  return {
    ...base,
    status: "FAILED",
    error: outcome.error,
    ...(outcome.cause === undefined ? {} : { cause: outcome.cause }),
  };
}

/**
 * The counts of a Map Run over `total` items whose `children` ran (one item a child): those not
 * started are pending; results are written for every child that ended when a `ResultWriter` is set.
 */
export function mapRunCounts(children: readonly MapRunChild[], total: number, resultWriter: boolean): MapRunCounts {
  const of = (status: MapRunChild["status"]) => children.filter((c) => c.status === status).length;
  return {
    pending: total - children.length,
    running: 0,
    succeeded: of("SUCCEEDED"),
    failed: of("FAILED"),
    timedOut: of("TIMED_OUT"),
    aborted: 0,
    total,
    resultsWritten: resultWriter ? children.length : 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
}
