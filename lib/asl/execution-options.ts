import type { Clock } from "./clock";
import type { StateMachineType } from "./express/express-execution";
import type { MapRunReport } from "./states/map-run-children";
import type { MapRunPort } from "./states/map-run-port";
import type { RandomPort } from "./intrinsics";
import type { TaskInvoker } from "./task-invoker";
import type { AslHistoryEvent, StateMachineDefinition } from "./types";

/** Everything one execution needs: the definition, its input, names for ARNs, and the ports. */
export interface ExecutionOptions {
  readonly definition: StateMachineDefinition;
  /** The execution input as JSON text (`input_string`); default `{}`. */
  readonly input?: string;
  /** `StateMachine.Name` in ARNs and the context object. */
  readonly stateMachineName: string;
  /** `Execution.Name`. */
  readonly executionName: string;
  /**
   * The state machine's type; default `STANDARD`. An `EXPRESS` execution's ARN is
   * `…:express:<state machine>:<name>:<executionId>` (`$$.Execution.Id` too); its time limit is
   * the caller's `maxDurationMs` (AWS: 5 minutes, `EXPRESS_MAX_DURATION_MS`).
   */
  readonly type?: StateMachineType;
  /** The id an Express execution's ARN ends in; default a random UUID. */
  readonly executionId?: string;
  /** `roleArn` of `ExecutionStarted`; default `arn:aws:iam::<account>:role/stepscope-local`. */
  readonly roleArn?: string;
  /** The AWS partition in ARNs (`aws`, `aws-cn`, `aws-us-gov`); default `aws`. */
  readonly partition?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `111111111111`. */
  readonly accountId?: string;
  readonly clock: Clock;
  readonly invoker: TaskInvoker;
  readonly random: RandomPort;
  /**
   * Stop: when `aborted` turns true (an `AbortSignal` fits), the execution ends at the next
   * state boundary, Task answer or Wait: the running Task/Wait/Parallel/Map records its
   * `*StateAborted` (Map iterations `MapIterationAborted`), then `ExecutionAborted`.
   */
  readonly signal?: { readonly aborted: boolean };
  /**
   * Redrive: the failed (timed-out, aborted) execution's history. The run continues that history
   * (ids go on) with `ExecutionRedriven`, re-entering the state that never exited with the input
   * it was entered with and the variables assigned before it; states that succeeded are not
   * re-run and retry counts start again. In a re-entered Parallel or inline Map only the
   * branches and iterations that did not succeed run again, each from its own unfinished state;
   * the others keep their recorded output (see `planRedrive`). A Distributed Map's Map Run
   * re-runs whole (its child executions' histories are not in the parent's).
   */
  readonly redriveFrom?: readonly AslHistoryEvent[];
  /**
   * The day (`YYYY-MM-DD`) whose AWS behaviour to follow where AWS changed over time (see
   * `awsBehaviourAsOf`), to reproduce an older history; default today's.
   */
  readonly awsBehaviourAsOf?: string;
  /** Stops a runaway execution: past this many state transitions it fails with `States.Runtime`. Default unlimited. */
  readonly maxTransitions?: number;
  /**
   * AWS's history quota (25,000 for a Standard workflow): when the history holds this many
   * events less one and the next is not `ExecutionSucceeded`, the execution fails with
   * `ExecutionFailed` as its last event. Default unlimited.
   */
  readonly maxEvents?: number;
  /**
   * AWS's maximum execution time (one year for a Standard workflow), in ms of the execution's
   * clock: the execution times out (`States.Timeout`) past it or past its `TimeoutSeconds`, whichever
   * comes first (AWS caps a longer `TimeoutSeconds` at the quota). Default unlimited.
   */
  readonly maxDurationMs?: number;
  /**
   * Sees each event of the execution's own history as it is recorded (not the prior history of
   * a redrive, nor a Distributed Map's child executions), so a caller can show a running execution.
   */
  readonly onEvent?: (event: AslHistoryEvent) => void;
  /** Sees its Distributed Maps' runs as they go on, and applies `UpdateMapRun`'s changes to them. */
  readonly mapRunPort?: MapRunPort;
}

/** An execution's end: its status, output or error, and the complete AWS-format history. */
export interface ExecutionResult {
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly events: readonly AslHistoryEvent[];
  /** State transitions (states entered), as AWS bills them. */
  readonly transitions: number;
  /** `arn:<partition>:states:<region>:<account>:execution:<stateMachineName>:<executionName>`. */
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly roleArn: string;
  /** Its Distributed Maps' runs: counts as `DescribeMapRun` reports them, each child execution with its history. */
  readonly mapRuns?: readonly MapRunReport[];
}
