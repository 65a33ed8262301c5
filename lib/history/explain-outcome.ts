import type { ExecutionStatus, ScopeSegment } from "./types";

/** One attempt of the root-cause Task, with the time limits it ran under. */
export interface TimedAttempt {
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "RUNNING" | "ABORTED";
  readonly error: string | null;
  /** ISO times of the attempt's `*Scheduled` event and of its end. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** `timeoutInSeconds` of its `TaskScheduled`/`ActivityScheduled`/`LambdaFunctionScheduled` (the evaluated `TimeoutSeconds`/`TimeoutSecondsPath`), else the definition's `TimeoutSeconds`. */
  readonly timeoutSeconds: number | null;
  /** `heartbeatInSeconds` of its `*Scheduled` event, else the definition's `HeartbeatSeconds`. */
  readonly heartbeatSeconds: number | null;
}

/** A state still running when the execution ended (the innermost runs, a name once with how many runs). */
export interface RunningState {
  readonly name: string;
  readonly stateType: string;
  readonly scope: readonly ScopeSegment[];
  readonly runs: number;
}

/** What {@link explainOutcome} needs to know: read from a history, or from what a store derived from one. */
export interface OutcomeFacts {
  readonly status: ExecutionStatus;
  /** `error`/`cause` of the terminal event. */
  readonly error: string | null;
  readonly cause: string | null;
  /** The execution attempt that ended so: 0 the first run, n redrive n; with its start and end (ISO). */
  readonly redrive: number;
  readonly attemptStartedAt: string;
  readonly stoppedAt: string | null;
  /** The root-cause state of a failure, with its Task attempts (empty for other states). */
  readonly rootCause: {
    readonly stateName: string;
    readonly stateType: string;
    readonly scope: readonly ScopeSegment[];
    readonly error: string | null;
    readonly attempts: readonly TimedAttempt[];
  } | null;
  /** States running when the execution timed out or was aborted. */
  readonly runningAtEnd: readonly RunningState[];
  /** The definition's top-level `TimeoutSeconds`, when the definition is known and sets one. */
  readonly stateMachineTimeoutSeconds: number | null;
  /** Who stopped it (`StopExecution` through Stepscope, from its audit log), when known. */
  readonly stoppedBy: { readonly actor: string; readonly at: string } | null;
}

/** Which of a Task's two time limits ended an attempt (`unknown`: both set and the times do not tell). */
export type TaskTimeoutKind = "TimeoutSeconds" | "HeartbeatSeconds" | "unknown";

/** Why an execution ended as it did, where its error alone does not say. */
export type OutcomeExplanation =
  | {
      /** A Task's `States.Timeout`: which limit each timed-out attempt hit. */
      readonly kind: "task-timeout";
      readonly stateName: string;
      readonly scope: readonly ScopeSegment[];
      readonly attempts: number;
      readonly timedOut: readonly { readonly kind: TaskTimeoutKind; readonly attempts: number }[];
      readonly timeoutSeconds: number | null;
      readonly heartbeatSeconds: number | null;
    }
  | {
      /** `ExecutionTimedOut`: the state machine's `TimeoutSeconds` fired. */
      readonly kind: "execution-timeout";
      readonly timeoutSeconds: number | null;
      readonly redrive: number;
      /** From the attempt's start (the execution's, or the redrive's) to `ExecutionTimedOut`, ms. */
      readonly ranMs: number | null;
      readonly running: readonly RunningState[];
    }
  | {
      /** `ExecutionAborted`: a `StopExecution`. */
      readonly kind: "aborted";
      readonly redrive: number;
      readonly stoppedAt: string | null;
      readonly stoppedBy: string | null;
      readonly error: string | null;
      readonly cause: string | null;
      readonly running: readonly RunningState[];
    };

// AWS's timers fire a little after the limit, never before; timestamps are to the millisecond.
const slackMs = 1_000;

/**
 * Explains an ending its error does not: a Task's `States.Timeout` (its `TimeoutSeconds` —
 * the attempt ran that long from `*Scheduled` — or its `HeartbeatSeconds` — it ended sooner,
 * with no heartbeat for that long; `States.HeartbeatTimeout` says so itself — and how many
 * attempts hit each), an `ExecutionTimedOut` (the state machine's `TimeoutSeconds`, what was
 * running), an `ExecutionAborted` (`StopExecution`'s `error`/`cause`, who, what was running).
 * Null for other endings.
 */
export function explainOutcome(facts: OutcomeFacts): OutcomeExplanation | null {
  if (facts.status === "TIMED_OUT")
    return {
      kind: "execution-timeout",
      timeoutSeconds: facts.stateMachineTimeoutSeconds,
      redrive: facts.redrive,
      ranMs: facts.stoppedAt === null ? null : Date.parse(facts.stoppedAt) - Date.parse(facts.attemptStartedAt),
      running: facts.runningAtEnd,
    };
  if (facts.status === "ABORTED")
    return {
      kind: "aborted",
      redrive: facts.redrive,
      stoppedAt: facts.stoppedAt,
      stoppedBy: facts.stoppedBy?.actor ?? null,
      error: facts.error,
      cause: facts.cause,
      running: facts.runningAtEnd,
    };
  const root = facts.rootCause;
  if (facts.status !== "FAILED" || root === null) return null;
  const timedOut = root.attempts.filter((a) => a.status === "TIMED_OUT");
  if (timedOut.length === 0) return null;
  const counts = new Map<TaskTimeoutKind, number>();
  for (const a of timedOut) counts.set(timeoutKind(a), (counts.get(timeoutKind(a)) ?? 0) + 1);
  const last = timedOut[timedOut.length - 1];
  return {
    kind: "task-timeout",
    stateName: root.stateName,
    scope: root.scope,
    attempts: root.attempts.length,
    timedOut: (["TimeoutSeconds", "HeartbeatSeconds", "unknown"] as const)
      .filter((k) => counts.has(k))
      .map((k) => ({ kind: k, attempts: counts.get(k) ?? 0 })),
    timeoutSeconds: last?.timeoutSeconds ?? null,
    heartbeatSeconds: last?.heartbeatSeconds ?? null,
  };
}

/** Which limit ended a timed-out attempt: the heartbeat error names itself; else how long it ran says. */
export function timeoutKind(a: TimedAttempt): TaskTimeoutKind {
  if (a.error === "States.HeartbeatTimeout") return "HeartbeatSeconds";
  if (a.heartbeatSeconds === null) return "TimeoutSeconds";
  const ranMs = a.endedAt === null ? null : Date.parse(a.endedAt) - Date.parse(a.startedAt);
  if (ranMs !== null && Number.isFinite(ranMs)) {
    if (a.timeoutSeconds !== null && ranMs + slackMs >= a.timeoutSeconds * 1000) return "TimeoutSeconds";
    // Ended before the total limit: only the heartbeat limit can have fired.
    if (ranMs + slackMs >= a.heartbeatSeconds * 1000) return "HeartbeatSeconds";
  }
  return "unknown";
}
