import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { interruptedExecutionResult, runningStateOf, stoppedExecutionResult } from "@/lib/asl/stopped-execution";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type { LocalRunJob } from "./local-run-job";
import type { RunProgressSnapshot } from "./run-progress";

/** How a local run stopped from outside, or whose process failed, ends: its `error` and `cause`. */
export interface LimitFailure {
  readonly error: string;
  readonly cause: string;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A run killed at its wall-clock limit (`wallMs`). */
export const wallClockFailure = (wallMs: number): LimitFailure => ({
  error: "States.Runtime",
  cause: `The local run exceeded its wall-clock limit of ${formatMs(wallMs)} and was stopped`,
});

/** The interpreter threw `name: message` in the run's process. */
export function crashFailure(name: string, message: string): LimitFailure {
  if (
    name === "RangeError" &&
    /Invalid string length|Array buffer allocation failed|Invalid array length/.test(message)
  )
    // A value too large for memory is far past AWS's 256 KiB payload limit.
    return {
      error: "States.DataLimitExceeded",
      cause: `The local run built a value too large to hold (${message}), far beyond the 262,144-byte payload limit`,
    };
  return { error: "States.Runtime", cause: `The interpreter failed: ${name}: ${message}` };
}

/** The run's process ended before its run did; `stderr` is the end of what it printed (V8's out-of-memory report). */
export function exitFailure(
  stderr: string,
  memoryMb: number,
  code: number | null,
  signal: NodeJS.Signals | null,
): LimitFailure {
  if (/heap out of memory|Reached heap limit/.test(stderr))
    return {
      error: "States.Runtime",
      cause: `The local run exceeded its memory limit of ${memoryMb} MB and was stopped`,
    };
  return {
    error: "States.Runtime",
    cause: `The local run's process ended (${signal ?? `exit code ${code}`}) before the execution did`,
  };
}

/**
 * The execution a run stopped from outside ends as: the events its process had recorded (see
 * `progressWriter`), then its failure, naming the state that was running.
 */
export function resultAtLimit(job: LocalRunJob, progress: RunProgressSnapshot, failure: LimitFailure): ExecutionResult {
  const { events, running } = progress;
  const atMs = job.realTime === true ? Date.now() : (lastTimestampMs(events) ?? job.startMs);
  return events.length === 0
    ? stoppedExecutionResult(job, failure.error, failure.cause, atMs)
    : interruptedExecutionResult(job, events, failure.error, failure.cause, atMs, running ?? runningStateOf(events));
}

function lastTimestampMs(events: readonly AslHistoryEvent[]): number | null {
  const ms = Date.parse(events.at(-1)?.timestamp ?? "");
  return Number.isFinite(ms) ? ms : null;
}
