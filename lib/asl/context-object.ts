import type { Frame } from "./states/state-context";
import type { Json, JsonObject } from "./types";

/** What the context object (`$$`) says of the execution itself, the same for all its states. */
export interface ContextExecution {
  readonly executionArn: string;
  readonly executionInput: Json;
  readonly startIso: string;
  readonly executionName: string;
  readonly roleArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  /** `$$.Execution.RedriveCount`; undefined where AWS did not have it yet (see `AwsBehaviour`). */
  readonly redriveCount: number | undefined;
}

/** The context object (`$$`) of the state `stateName`, entered at `enteredIso`. */
export function contextObject(
  execution: ContextExecution,
  stateName: string,
  enteredIso: string,
  retryCount: number,
  frame: Frame,
  taskToken?: string,
): JsonObject {
  const context: JsonObject = {
    Execution: {
      Id: execution.executionArn,
      Input: execution.executionInput,
      StartTime: execution.startIso,
      Name: execution.executionName,
      RoleArn: execution.roleArn,
    },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    State: { Name: stateName, EnteredTime: enteredIso },
  };
  // Only retriable states carry `RetryCount` in `$$.State`.
  if (frame.retriable === true) (context["State"] as JsonObject)["RetryCount"] = retryCount;
  if (execution.redriveCount !== undefined)
    (context["Execution"] as JsonObject)["RedriveCount"] = execution.redriveCount;
  if (taskToken !== undefined) context["Task"] = { Token: taskToken };
  if (frame.mapItem !== undefined)
    context["Map"] = { Item: { Index: frame.mapItem.Index, Value: frame.mapItem.Value } };
  return context;
}
