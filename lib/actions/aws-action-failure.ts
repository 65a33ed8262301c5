import { AwsAccessError, classifyAwsError, errorFacts } from "@/lib/aws/aws-error";
import type { ErrorCode } from "@/lib/errors/app-error";

/** AWS errors that refuse this request for what it is (not a fault to retry). */
const refusals = new Set([
  "ExecutionNotRedrivable",
  "ExecutionAlreadyExists",
  "ExecutionDoesNotExist",
  "StateMachineDoesNotExist",
  "StateMachineDeleting",
  "InvalidName",
  "InvalidExecutionInput",
  "InvalidArn",
  "ValidationException",
]);

/** How a failed AWS call is recorded and answered. */
export interface AwsActionFailure {
  /** REFUSED: AWS said no to this request; FAILED: tried and could not (access, limits, throttling, network). */
  readonly outcome: "REFUSED" | "FAILED";
  /** AWS's error name (`ExecutionNotRedrivable`, `AccessDeniedException`, …). */
  readonly awsError: string;
  readonly message: string;
  readonly httpCode: ErrorCode;
}

/** Classifies what an `@aws-sdk` call threw, with AWS's error name and message kept for the operator. */
export function getAwsActionFailure(error: unknown, iamAction: string): AwsActionFailure {
  if (error instanceof AwsAccessError) {
    return {
      outcome: "FAILED",
      awsError: error.code,
      message: `AWS refused ${error.action}: ${error.code}: ${error.awsMessage}`,
      httpCode: "bad_gateway",
    };
  }
  const { code, message } = errorFacts(error);
  if (refusals.has(code))
    return { outcome: "REFUSED", awsError: code, message: `${code}: ${message}`, httpCode: "conflict" };
  const retried = classifyAwsError(error) === "retryable" ? " (after retries)" : "";
  return {
    outcome: "FAILED",
    awsError: code,
    message: `${iamAction} failed${retried}: ${code}: ${message}`,
    httpCode: "bad_gateway",
  };
}
