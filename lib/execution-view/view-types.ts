import type { StateRun } from "@/lib/history/types";

/** One attempt as the graph and timeline need it (JSON-safe; times as epoch ms). */
export interface ViewAttempt {
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "RUNNING" | "ABORTED";
  readonly error: string | null;
  readonly backoffMs: number | null;
}

/** One state run without payloads (those come with the state's detail); times as epoch ms. */
export interface ViewRun extends Pick<
  StateRun,
  "key" | "name" | "stateType" | "scope" | "parentKey" | "enteredEventId" | "exitedEventId" | "status" | "error"
> {
  readonly startMs: number;
  readonly endMs: number | null;
  readonly attempts: readonly ViewAttempt[];
}

/** One attempt of the whole execution (the first run, then each redrive); times as epoch ms. */
export interface ViewExecutionAttempt {
  /** 0: the first run; n: redrive n. */
  readonly index: number;
  /** `ExecutionStarted`/`ExecutionRedriven` event id: runs entered at or after it belong to this attempt. */
  readonly startEventId: number;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  readonly error: string | null;
}

/** What the Graph and Timeline tabs load, once per history. */
export interface ExecutionViewData {
  readonly definition: string | null;
  readonly startMs: number;
  /** The execution's end, or null while it runs. */
  readonly endMs: number | null;
  readonly runs: readonly ViewRun[];
  /** The execution's attempts when it was redriven (first run, redrive 1, …); empty when it never was. */
  readonly attempts: readonly ViewExecutionAttempt[];
}
