/**
 * The canonical history model. Every input shape (SDK pages, `aws stepfunctions
 * get-execution-history` JSON, Express CloudWatch log records, bundles) is parsed into
 * these types; everything downstream (store, pages, metrics) reads only these.
 *
 * Events are exactly AWS `HistoryEvent`s: `id`, `previousEventId`, `timestamp`, `type`
 * and one `*EventDetails` member whose payloads (`input`, `output`, `cause`, …) stay JSON
 * *strings* as AWS sends them.
 */

/** One `*EventDetails` object, as AWS sends it (payloads are JSON strings). */
export type EventDetails = { readonly [field: string]: unknown };

/** An AWS Step Functions `HistoryEvent` in canonical form. */
export interface HistoryEvent {
  /** `id`: 1-based, ascending within an execution. */
  readonly id: number;
  /** `previousEventId`: 0 for the first event (AWS CLI prints 0; the SDK may omit it). */
  readonly previousEventId: number;
  /** `timestamp` as ISO-8601 UTC with millisecond precision, e.g. `2024-03-17T11:10:40.123Z`. */
  readonly timestamp: string;
  /** `type`, kept as text: AWS adds new types and unknown ones are kept, not refused. */
  readonly type: string;
  /** Exactly one `<camelCaseType>EventDetails` member (some types, e.g. `PassStateEntered` → `stateEnteredEventDetails`, share one), or none. */
  readonly [detailsKey: `${string}EventDetails`]: EventDetails | undefined;
}

/** Terminal and non-terminal statuses of an execution, as `DescribeExecution` names them. */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";

/** `STANDARD` or `EXPRESS`. */
export type WorkflowType = "STANDARD" | "EXPRESS";

/**
 * Where a state run sits: the chain of Parallel branches and Map iterations around it,
 * outermost first. Empty for a top-level state.
 */
export type ScopeSegment =
  | { readonly kind: "parallel-branch"; readonly state: string; readonly index: number }
  | { readonly kind: "map-iteration"; readonly state: string; readonly index: number };

/** How a state run ended. `CAUGHT`: it failed and a `Catch` moved on; `RUNNING`: not ended in the history. */
export type StateRunStatus = "SUCCEEDED" | "FAILED" | "CAUGHT" | "RUNNING" | "ABORTED" | "TIMED_OUT";

/** One attempt of a Task (or of a retried Parallel/Map): scheduled → started → ended. */
export interface Attempt {
  /** 0 for the first attempt, 1 for the first retry, … */
  readonly index: number;
  /** Event id that opened the attempt (`TaskScheduled`, `LambdaFunctionScheduled`, `ActivityScheduled`, …). */
  readonly startEventId: number;
  readonly endEventId: number | null;
  /** ISO timestamps. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "RUNNING" | "ABORTED";
  readonly error: string | null;
  readonly cause: string | null;
  /** Wait between the previous attempt's end and this one's start (the retry backoff), ms; null for the first. */
  readonly backoffMs: number | null;
}

/** One visit to a state (`*StateEntered` … `*StateExited`, or until the execution ended). */
export interface StateRun {
  /** Unique within the execution; stable across re-derivations of the same history. */
  readonly key: string;
  readonly name: string;
  /** `Task`, `Pass`, `Choice`, `Wait`, `Succeed`, `Fail`, `Parallel`, `Map` (from the event type). */
  readonly stateType: string;
  readonly scope: readonly ScopeSegment[];
  /** `key` of the enclosing Parallel/Map run, or null at top level. */
  readonly parentKey: string | null;
  readonly enteredEventId: number;
  readonly exitedEventId: number | null;
  readonly enteredAt: string;
  readonly exitedAt: string | null;
  readonly status: StateRunStatus;
  /** Payload strings as the events carry them (null where the history has none). */
  readonly input: string | null;
  readonly output: string | null;
  /** The final failure of the run (after retries), if any. */
  readonly error: string | null;
  readonly cause: string | null;
  readonly attempts: readonly Attempt[];
  /** attempts.length - 1, or 0. */
  readonly retryCount: number;
}

/** The state whose failure is the root of an execution's failure (the first failure, not its cascade). */
export interface RootCause {
  readonly stateName: string;
  readonly runKey: string;
  readonly scope: readonly ScopeSegment[];
  readonly error: string | null;
  readonly cause: string | null;
  readonly eventId: number;
}

/** What the history says about the execution as a whole. */
export interface ExecutionSummary {
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate: string | null;
  readonly durationMs: number | null;
  readonly input: string | null;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly rootCause: RootCause | null;
  readonly eventCount: number;
  /** Number of `ExecutionRedriven` events. */
  readonly redriveCount: number;
  /** From `ExecutionStarted` details where present. */
  readonly roleArn: string | null;
  readonly stateMachineAliasArn: string | null;
  readonly stateMachineVersionArn: string | null;
}

/** Inputs to cost estimation. */
export interface CostInputs {
  /** State transitions AWS bills for a Standard workflow: each state entered (retries included, redrives included). */
  readonly billableTransitions: number;
  /** Total retries (attempts beyond the first) across all state runs. */
  readonly retries: number;
  /** Distributed Map child executions started. */
  readonly mapRunChildExecutions: number;
}

/** Everything derived from one history. */
export interface DerivedHistory {
  readonly summary: ExecutionSummary;
  readonly stateRuns: readonly StateRun[];
  readonly cost: CostInputs;
}

/** Who the execution is: from `describe-execution` output, an Express log record, the file, or synthesised. */
export interface ExecutionIdentity {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly stateMachineName: string;
  readonly type: WorkflowType;
  /** From the ARN (`arn:<partition>:states:<region>:<account>:…`), or null when synthesised. */
  readonly region: string | null;
  readonly accountId: string | null;
  /** Set when `describe-execution` output came along; otherwise derived from events. */
  readonly described: DescribedExecution | null;
}

/** The fields of `DescribeExecution` that the history alone does not give. All optional. */
export interface DescribedExecution {
  readonly status?: ExecutionStatus;
  readonly startDate?: string;
  readonly stopDate?: string;
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly redriveCount?: number;
  readonly redriveDate?: string;
  readonly redriveStatus?: string;
  readonly redriveStatusReason?: string;
  readonly mapRunArn?: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  /** The X-Ray trace header the execution was started with (`X-Amzn-Trace-Id`'s value). */
  readonly traceHeader?: string;
}

/** From `describe-state-machine` output. `definition` is the ASL text as AWS returns it. */
export interface StateMachineInfo {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: WorkflowType;
  readonly definition: string;
  readonly roleArn: string | null;
  readonly revisionId: string | null;
  readonly loggingConfiguration: unknown;
}

/** One execution read from an input file, ready to derive and store. */
export interface ParsedExecution {
  readonly identity: ExecutionIdentity;
  readonly stateMachine: StateMachineInfo | null;
  readonly events: readonly HistoryEvent[];
  /** What was accepted but repaired or overridden on the way in, one sentence each (absent: nothing). */
  readonly warnings?: readonly string[];
}

/** Where a fault in the input is. Every field that is known is set. */
export interface InputLocation {
  readonly file?: string;
  /** 1-based line (JSON Lines input, or the line of a JSON syntax error). */
  readonly line?: number;
  /** 1-based column of a JSON syntax error. */
  readonly column?: number;
  readonly eventId?: number;
  /** JSON Pointer into the document, e.g. `/events/3/timestamp`. */
  readonly path?: string;
}
