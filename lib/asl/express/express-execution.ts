/** A state machine's type: Standard (exactly-once, up to a year) or Express (at-least-once, up to 5 minutes, history in CloudWatch Logs). */
export type StateMachineType = "STANDARD" | "EXPRESS";

/** AWS: an Express execution runs at most 5 minutes, then times out (`ExecutionTimedOut`, `States.Timeout`). */
export const EXPRESS_MAX_DURATION_MS = 5 * 60_000;

/** AWS: a Standard execution runs at most one year, then times out. */
export const STANDARD_MAX_DURATION_MS = 365 * 86_400_000;

/** The longest an execution of `type` may run (AWS's quota), in ms. */
export const maxDurationOf = (type: StateMachineType | undefined): number =>
  type === "EXPRESS" ? EXPRESS_MAX_DURATION_MS : STANDARD_MAX_DURATION_MS;

/** The parts of an execution ARN. */
export interface ExecutionArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The state machine's name; a Distributed Map's child carries `<machine>/<label>`. */
  readonly stateMachineName: string;
  readonly executionName: string;
}

/**
 * An Express execution's ARN, `arn:<partition>:states:<region>:<account>:express:<state machine>:<name>:<uuid>`:
 * Express names need not be unique, so AWS appends an id.
 */
export function expressExecutionArn(parts: ExecutionArnParts, id: string): string {
  return `arn:${parts.partition}:states:${parts.region}:${parts.accountId}:express:${parts.stateMachineName}:${parts.executionName}:${id}`;
}

/** A Standard execution's ARN, `arn:<partition>:states:<region>:<account>:execution:<state machine>:<name>`. */
export function standardExecutionArn(parts: ExecutionArnParts): string {
  return `arn:${parts.partition}:states:${parts.region}:${parts.accountId}:execution:${parts.stateMachineName}:${parts.executionName}`;
}

/** Whether an execution ARN is an Express one (`…:express:…`). */
export const isExpressExecutionArn = (arn: string): boolean => arn.split(":")[5] === "express";
