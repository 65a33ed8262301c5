/** States that record `*StateAborted` when the execution stops while they run. */
export const ABORTABLE = new Set(["Task", "Wait", "Parallel", "Map"]);

/**
 * Unwinds an execution that was stopped or ran past its `TimeoutSeconds`; `prev` is the last
 * event of the chain being unwound. Only a stop records `*StateAborted` on the way out.
 */
export class ExecutionAbort extends Error {
  prev: number;
  /** `stop`: StopExecution (or the run's own limit); `timeout`: the definition's TimeoutSeconds; `history`: the history is full. */
  readonly reason: "stop" | "timeout" | "history";
  /** A timeout that waited for its deadline: the deadline (epoch ms), when `ExecutionTimedOut` happens (a timer may fire late). */
  readonly atMs: number | undefined;
  constructor(prev: number, reason: "stop" | "timeout" | "history" = "stop", atMs?: number) {
    super(
      reason === "stop" ? "execution aborted" : reason === "timeout" ? "execution timed out" : "execution history full",
    );
    this.prev = prev;
    this.reason = reason;
    this.atMs = atMs;
  }
}
