import type { WorkflowType } from "./types";

/** The parts of an execution ARN. */
export interface ExecutionArnParts {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly name: string;
  readonly type: WorkflowType;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Splits an execution ARN: Standard `arn:<partition>:states:<region>:<account>:execution:<sm>:<name>`,
 * Express `arn:<partition>:states:<region>:<account>:express:<sm>:<name>:<uuid>`. The
 * state machine ARN is `arn:<partition>:states:<region>:<account>:stateMachine:<sm>`
 * (a Distributed Map child's `<sm>/<mapRunId>` keeps only `<sm>`). Null when not an execution ARN.
 */
export function parseExecutionArn(arn: string): ExecutionArnParts | null {
  const parts = arn.split(":");
  if (parts.length < 8 || parts[0] !== "arn" || parts[2] !== "states") return null;
  const [, partition, , region = "", accountId = "", kind, machine = "", name = ""] = parts;
  if (kind !== "execution" && kind !== "express") return null;
  if (machine === "" || name === "") return null;
  const stateMachineName = machine.split("/")[0] ?? machine;
  return {
    executionArn: arn,
    stateMachineArn: `arn:${partition ?? "aws"}:states:${region}:${accountId}:stateMachine:${stateMachineName}`,
    stateMachineName,
    name,
    type: kind === "express" ? "EXPRESS" : "STANDARD",
    region,
    accountId,
  };
}
