import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { MapRunProgress, MapRunSettings } from "@/lib/asl/states/map-run-port";
import type { TaskInvocation, TaskOutcome } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type { LocalRunJob } from "./local-run-job";

/**
 * An interactive run (the Step Functions endpoint's): the child runs the interpreter on the wall
 * clock and asks this process to answer each Task, streaming its events as it records them.
 */
export interface InteractiveRunRequest {
  readonly type: "interactive";
  /** Its id in the runner, which may host several runs at once: every message about it carries it. */
  readonly run: number;
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
  | { readonly type: "stop" }
  /** `UpdateMapRun` of one of its running Map Runs. */
  | { readonly type: "updateMapRun"; readonly mapRunArn: string; readonly settings: Partial<MapRunSettings> };

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
  /** A Distributed Map's run as it goes on (its events so far sent before it). */
  | { readonly type: "mapRun"; readonly progress: MapRunProgress }
  | { readonly type: "done"; readonly result: Omit<ExecutionResult, "events"> }
  | { readonly type: "crashed"; readonly name: string; readonly message: string };

/** A message about one of a runner's runs (`run`: its id; see `InteractiveRunRequest`). */
export type ForRun<T> = T & { readonly run: number };
