import type { Json } from "./types";

/** What a Task asks for: the state, its `Resource`, the payload it sends and the attempt. */
export interface TaskInvocation {
  /** The Task state's name. */
  readonly stateName: string;
  /** `Resource` as written (`arn:aws:lambda:…:function:f`, `arn:aws:states:::lambda:invoke`, …). */
  readonly resource: string;
  /** The payload: `Parameters`/`Arguments` result (or the effective input). */
  readonly payload: Json;
  /** 0 for the first attempt, then one more per retry. */
  readonly retryCount: number;
  /** A `.waitForTaskToken` Task's token (`$$.Task.Token`): the callback (`SendTaskSuccess`/`SendTaskFailure`) names it. */
  readonly taskToken?: string;
  /**
   * Present when the Task has `HeartbeatSeconds` (an activity, a `.waitForTaskToken` callback):
   * calling it restarts that limit, as `SendTaskHeartbeat` does; `TimeoutSeconds` still counts from the start.
   */
  readonly heartbeat?: () => void;
  /** Aborted when the Task stops waiting for this invocation (its `TimeoutSeconds` or `HeartbeatSeconds` came first). */
  readonly abandoned?: AbortSignal;
}

/**
 * How an invocation ended: a result, or an error with its `Error` name and `Cause`. For a
 * `.sync`/`.waitForTaskToken` Task, `output`/`error` are the job's end (or the callback) and
 * `submitted`, when given, is what the submitting call answered (`TaskSubmitted.output`;
 * when absent the interpreter derives it, see `taskSubmissionOutput`).
 */
export type TaskOutcome =
  | ({ readonly type: "success"; readonly output: Json } & TaskOutcomeExtras)
  | ({ readonly type: "failure"; readonly error: string; readonly cause?: string } & TaskOutcomeExtras);

/** What an invoker may add to either outcome. */
export interface TaskOutcomeExtras {
  /** `TaskSubmitted.output` of a `.sync`/`.waitForTaskToken` Task. */
  readonly submitted?: Json;
  /** An activity: the name the worker gave when it took the task (`ActivityStarted.workerName`). */
  readonly workerName?: string;
  /**
   * How long the work took, in milliseconds of the execution's clock (a mock's `Delay`);
   * counted against `TimeoutSeconds`/`HeartbeatSeconds` (the worker sends no heartbeats). Default 0.
   */
  readonly durationMs?: number;
}

/**
 * The port through which Task states reach the outside: a mock config, local handler
 * modules, a recorded history, or AWS. Returns `null` when it cannot resolve the task.
 */
export interface TaskInvoker {
  invoke(invocation: TaskInvocation): Promise<TaskOutcome | null>;
}

/** Tries each invoker in order; the first that resolves answers. */
export function chainInvokers(...invokers: readonly TaskInvoker[]): TaskInvoker {
  return {
    async invoke(invocation) {
      for (const invoker of invokers) {
        const outcome = await invoker.invoke(invocation);
        if (outcome !== null) return outcome;
      }
      return null;
    },
  };
}
