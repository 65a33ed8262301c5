import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { TaskInvocation, TaskOutcome } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type { LocalRunJob } from "./local-run-job";

/**
 * An interactive run (the Step Functions endpoint's): the child runs the interpreter on the wall
 * clock and asks this process to answer each Task, streaming its events as it records them.
 */
export interface InteractiveRunRequest {
  readonly type: "interactive";
  readonly job: LocalRunJob;
  /** How many times faster than the wall clock the execution's time passes. */
  readonly timeScale: number;
}

/** A Task's invocation as it crosses to this process (its heartbeat and abandonment travel as messages). */
export type CrossingInvocation = Omit<TaskInvocation, "heartbeat" | "abandoned"> & {
  /** Whether the Task has `HeartbeatSeconds` (then `heartbeat` messages restart it). */
  readonly beats: boolean;
};

/** What this process sends the child after the request. */
export type ToInteractiveChild =
  | { readonly type: "answer"; readonly id: number; readonly outcome: TaskOutcome | null }
  | { readonly type: "heartbeat"; readonly id: number }
  | { readonly type: "stop" };

/** What the child sends. */
export type FromInteractiveChild =
  | { readonly type: "started" }
  | { readonly type: "events"; readonly events: readonly AslHistoryEvent[] }
  | {
      readonly type: "invoke";
      readonly id: number;
      /** The events recorded since the last message, before the Task asked. */
      readonly events: readonly AslHistoryEvent[];
      readonly invocation: CrossingInvocation;
    }
  | { readonly type: "abandoned"; readonly id: number }
  | { readonly type: "done"; readonly result: Omit<ExecutionResult, "events"> }
  | { readonly type: "crashed"; readonly name: string; readonly message: string };
