import { HistoryInputError } from "./history-input-error";
import { parseExecutionArn } from "./parse-execution-arn";
import type { DescribedExecution, ExecutionIdentity, InputLocation, WorkflowType } from "./types";

/**
 * The {@link ExecutionIdentity} an execution ARN gives: `executionArn`, `stateMachineArn`,
 * `name`, `region`/`accountId` from the ARN; `type` from the ARN (`:express:`) unless
 * `type` overrides it (from `describe-state-machine`).
 * @throws {HistoryInputError} at `where` when `arn` is not an execution ARN.
 */
export function identityFromArn(
  arn: string,
  where: InputLocation,
  described: DescribedExecution | null = null,
  type?: WorkflowType,
): ExecutionIdentity {
  const parts = parseExecutionArn(arn);
  if (parts === null) throw new HistoryInputError(where, `not a Step Functions execution ARN: ${JSON.stringify(arn)}`);
  return {
    executionArn: parts.executionArn,
    stateMachineArn: parts.stateMachineArn,
    name: parts.name,
    stateMachineName: parts.stateMachineName,
    type: type ?? parts.type,
    region: parts.region,
    accountId: parts.accountId,
    described,
  };
}
