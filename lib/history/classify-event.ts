/** What an event does to the derivation, from its `type`. `stateType` is `Task`, `Pass`, `Map`, …. */
export type EventKind =
  | { readonly kind: "state-entered"; readonly stateType: string }
  | { readonly kind: "state-exited"; readonly stateType: string }
  | { readonly kind: "state-aborted"; readonly stateType: string }
  | { readonly kind: "attempt-scheduled" }
  | { readonly kind: "attempt-progress" }
  | { readonly kind: "attempt-ended"; readonly outcome: "SUCCEEDED" | "FAILED" | "TIMED_OUT" }
  | { readonly kind: "container-started"; readonly container: "Map" | "Parallel" }
  | {
      readonly kind: "container-ended";
      readonly container: "Map" | "Parallel";
      readonly outcome: "SUCCEEDED" | "FAILED" | "ABORTED";
    }
  | { readonly kind: "iteration-started" }
  | { readonly kind: "iteration-ended"; readonly outcome: "SUCCEEDED" | "FAILED" | "ABORTED" }
  | { readonly kind: "map-run"; readonly phase: "started" | "succeeded" | "failed" | "aborted" | "redriven" }
  | { readonly kind: "execution-started" }
  | { readonly kind: "execution-ended"; readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" }
  | { readonly kind: "execution-redriven" }
  | { readonly kind: "evaluation-failed" }
  | { readonly kind: "other" };

const STATE = /^(Task|Pass|Choice|Wait|Succeed|Fail|Parallel|Map)State(Entered|Exited|Aborted)$/;
const ATTEMPT =
  /^(Task|LambdaFunction|Activity)(Scheduled|Started|Submitted|Succeeded|Failed|TimedOut|ScheduleFailed|StartFailed|SubmitFailed)$/;
const CONTAINER = /^(Map|Parallel)State(Started|Succeeded|Failed|Aborted)$/;
const EXECUTION_END = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
} as const;
const OUTCOME = { Succeeded: "SUCCEEDED", Failed: "FAILED", Aborted: "ABORTED" } as const;

/**
 * Classifies an AWS `HistoryEvent` `type`: state lifecycle (`*StateEntered/Exited/Aborted`),
 * Task/`LambdaFunction*`/`Activity*` attempt steps (`*ScheduleFailed`, `*StartFailed`,
 * `*SubmitFailed` end an attempt as failed), Map/Parallel lifecycle, `MapIteration*`,
 * `MapRun*`, `Execution*`, `EvaluationFailed`. Unknown types are `other`, never an error.
 */
export function classifyEvent(type: string): EventKind {
  const state = STATE.exec(type);
  if (state !== null) {
    const stateType = state[1] as string;
    if (state[2] === "Entered") return { kind: "state-entered", stateType };
    return state[2] === "Exited" ? { kind: "state-exited", stateType } : { kind: "state-aborted", stateType };
  }
  const attempt = ATTEMPT.exec(type);
  if (attempt !== null) {
    const step = attempt[2] as string;
    if (step === "Scheduled") return { kind: "attempt-scheduled" };
    if (step === "Started" || step === "Submitted") return { kind: "attempt-progress" };
    if (step === "Succeeded") return { kind: "attempt-ended", outcome: "SUCCEEDED" };
    return { kind: "attempt-ended", outcome: step === "TimedOut" ? "TIMED_OUT" : "FAILED" };
  }
  const container = CONTAINER.exec(type);
  if (container !== null) {
    const which = container[1] as "Map" | "Parallel";
    const step = container[2] as "Started" | "Succeeded" | "Failed" | "Aborted";
    return step === "Started"
      ? { kind: "container-started", container: which }
      : { kind: "container-ended", container: which, outcome: OUTCOME[step] };
  }
  if (type === "MapIterationStarted") return { kind: "iteration-started" };
  if (type === "MapIterationSucceeded" || type === "MapIterationFailed" || type === "MapIterationAborted") {
    return { kind: "iteration-ended", outcome: OUTCOME[type.slice("MapIteration".length) as keyof typeof OUTCOME] };
  }
  if (type.startsWith("MapRun")) {
    const phase = type.slice("MapRun".length).toLowerCase();
    if (
      phase === "started" ||
      phase === "succeeded" ||
      phase === "failed" ||
      phase === "aborted" ||
      phase === "redriven"
    )
      return { kind: "map-run", phase };
  }
  if (type === "ExecutionStarted") return { kind: "execution-started" };
  if (type === "ExecutionRedriven") return { kind: "execution-redriven" };
  if (type in EXECUTION_END)
    return { kind: "execution-ended", status: EXECUTION_END[type as keyof typeof EXECUTION_END] };
  if (type === "EvaluationFailed") return { kind: "evaluation-failed" };
  return { kind: "other" };
}
