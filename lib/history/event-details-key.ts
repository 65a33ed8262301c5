/**
 * AWS `HistoryEvent` types whose `*EventDetails` member is named after the type itself
 * (`TaskSucceeded` → `taskSucceededEventDetails`). From the Step Functions API reference,
 * `HistoryEvent`.
 */
const OWN_DETAILS_TYPES: ReadonlySet<string> = new Set([
  "ActivityFailed",
  "ActivityScheduleFailed",
  "ActivityScheduled",
  "ActivityStarted",
  "ActivitySucceeded",
  "ActivityTimedOut",
  "TaskFailed",
  "TaskScheduled",
  "TaskStartFailed",
  "TaskStarted",
  "TaskSubmitFailed",
  "TaskSubmitted",
  "TaskSucceeded",
  "TaskTimedOut",
  "LambdaFunctionFailed",
  "LambdaFunctionScheduleFailed",
  "LambdaFunctionScheduled",
  "LambdaFunctionStartFailed",
  "LambdaFunctionSucceeded",
  "LambdaFunctionTimedOut",
  "ExecutionStarted",
  "ExecutionSucceeded",
  "ExecutionFailed",
  "ExecutionAborted",
  "ExecutionTimedOut",
  "ExecutionRedriven",
  "MapStateStarted",
  "MapIterationStarted",
  "MapIterationSucceeded",
  "MapIterationFailed",
  "MapIterationAborted",
  "MapRunStarted",
  "MapRunFailed",
  "MapRunRedriven",
  "EvaluationFailed",
]);

/**
 * AWS types that carry no `*EventDetails` member: `LambdaFunctionStarted`,
 * `ParallelState{Started,Succeeded,Failed,Aborted}`, `MapState{Succeeded,Failed,Aborted}`,
 * `MapRun{Succeeded,Aborted}` and every `*StateAborted`.
 */
const NO_DETAILS_TYPES: ReadonlySet<string> = new Set([
  "LambdaFunctionStarted",
  "ParallelStateStarted",
  "ParallelStateSucceeded",
  "ParallelStateFailed",
  "ParallelStateAborted",
  "MapStateSucceeded",
  "MapStateFailed",
  "MapStateAborted",
  "MapRunSucceeded",
  "MapRunAborted",
]);

/**
 * The `*EventDetails` member an event of `type` carries: `stateEnteredEventDetails` for
 * every `*StateEntered`, `stateExitedEventDetails` for every `*StateExited`,
 * `<camelCaseType>EventDetails` for the types that have their own, null for the types that
 * carry none. Unknown types get `<camelCaseType>EventDetails`: AWS names new members so.
 */
export function eventDetailsKey(type: string): `${string}EventDetails` | null {
  if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
  if (type.endsWith("StateExited")) return "stateExitedEventDetails";
  if (type.endsWith("StateAborted") || NO_DETAILS_TYPES.has(type)) return null;
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** Whether `type` is one AWS documents (as opposed to one added after this table). */
export function isKnownEventType(type: string): boolean {
  return (
    OWN_DETAILS_TYPES.has(type) ||
    NO_DETAILS_TYPES.has(type) ||
    /^(Task|Pass|Choice|Wait|Succeed|Fail|Parallel|Map)State(Entered|Exited|Aborted)$/.test(type)
  );
}
