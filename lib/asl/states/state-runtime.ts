import type { AwsBehaviour } from "../aws-behaviour";
import type { ExecutionOptions } from "../execution-options";
import type { HistoryRecorder } from "../history-recorder";
import type { PathScope } from "../intrinsics";
import type { ContainerRedrive } from "../redrive-plan";
import type { TaskOutcome } from "../task-invoker";
import type { ThreadScheduler } from "../thread-scheduler";
import type { Json, JsonObject, StateMachineDefinition } from "../types";
import type { MapRunReport } from "./map-run-children";
import type { Frame, Outcome, Thread } from "./state-context";
import type { Abandonment, TaskLimit } from "./task-limits";

/**
 * What a state module (`run-*.ts`) and the input/output processing may use of the running
 * execution: its ports, its history, the context object and running a nested machine.
 * The core (`execute-state-machine.ts`) implements it; nothing here refers back to the core.
 */
export interface StateRuntime {
  /** Where events go; a Distributed Map swaps in a child recorder while its child executions run. */
  recorder: HistoryRecorder;
  readonly options: Pick<ExecutionOptions, "clock" | "invoker" | "random" | "executionName" | "mapRunPort">;
  readonly behaviour: AwsBehaviour;
  readonly region: string;
  readonly stateMachineArn: string;
  readonly roleArn: string;
  /** Runs Parallel branches and Map iterations concurrently on the clock. */
  readonly threads: ThreadScheduler;
  /** The execution's Distributed Map runs, reported with its result. */
  readonly mapRuns: MapRunReport[];
  /** Runs a Distributed Map's child execution within its own time limit too (`ExecutionDeadline.within`). */
  runChild<T>(ms: number, run: () => Promise<T>): Promise<{ value: T } | { timedOutAt: number }>;
  /** The context object (`$$`) of a state. */
  context(stateName: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): JsonObject;
  /** A JSONPath scope whose context object is built only when a path reads `$$`. */
  scope(input: Json, name: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): PathScope;
  /** Throws once the execution was stopped or passed its deadline. */
  checkAborted(thread: Thread): void;
  /** Lets the other concurrent threads of this instant run first (nothing to wait for without them). */
  yieldTurn(thread: Thread): Promise<void> | undefined;
  /** Waits on the execution's clock; the execution times out instead when its deadline comes first. */
  sleep(ms: number, thread: Thread): Promise<void>;
  /** One Task invocation raced against its limits (see the core's documentation). */
  invokeWithinLimits(
    invoke: (heartbeat: () => void, abandoned: Abandonment) => Promise<TaskOutcome | null>,
    limits: readonly TaskLimit[],
    thread: Thread,
  ): Promise<TaskOutcome | null>;
  /** Runs a nested machine (a Parallel branch, a Map iteration) to its end. */
  runMachine(
    machine: StateMachineDefinition,
    input: Json,
    outer: Frame,
    thread: Thread,
    startAt?: string,
    redrive?: ContainerRedrive,
  ): Outcome | Promise<Outcome>;
}
