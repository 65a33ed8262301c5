import type { StateRunStatus } from "@/lib/history/types";

/** The graph's and timeline's status vocabulary (one icon and colour each, see `statusLook`). */
export type StateViewStatus =
  "succeeded" | "retried" | "caught" | "failed" | "timed-out" | "aborted" | "running" | "not-reached";

/** A run's status as drawn: a success after retries is `retried`. */
export function runViewStatus(status: StateRunStatus, retryCount: number): StateViewStatus {
  switch (status) {
    case "SUCCEEDED":
      return retryCount > 0 ? "retried" : "succeeded";
    case "FAILED":
      return "failed";
    case "CAUGHT":
      return "caught";
    case "RUNNING":
      return "running";
    case "ABORTED":
      return "aborted";
    case "TIMED_OUT":
      return "timed-out";
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** Which status wins when several runs of one state are summed up (worst first). */
const severity: Readonly<Record<StateViewStatus, number>> = {
  failed: 7,
  "timed-out": 6,
  aborted: 5,
  running: 4,
  caught: 3,
  retried: 2,
  succeeded: 1,
  "not-reached": 0,
};

/** The worse of two statuses. */
export function worseStatus(a: StateViewStatus, b: StateViewStatus): StateViewStatus {
  return severity[a] >= severity[b] ? a : b;
}

/** The app-wide status name (see `components/status/status-style.ts`) of a graph/timeline status. */
export function toDisplayStatus(status: StateViewStatus): string {
  return status === "not-reached" ? "NOT_REACHED" : status.replace("-", "_").toUpperCase();
}
