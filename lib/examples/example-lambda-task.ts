import type { Json } from "@/lib/asl/types";

/* What the example state machines' Lambda Tasks share: the account, the ARNs, the retry. */

/** Where the example account lives. */
export interface ExampleAccount {
  readonly region: string;
  readonly accountId: string;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>:$LATEST`. */
export function lambdaArn(account: ExampleAccount, functionName: string): string {
  return `arn:aws:lambda:${account.region}:${account.accountId}:function:${functionName}:$LATEST`;
}

const lambdaInvoke = "arn:aws:states:::lambda:invoke";
export const lambdaRetry = {
  ErrorEquals: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

export function lambdaTask(
  account: ExampleAccount,
  functionName: string,
  rest: Record<string, Json>,
): Record<string, Json> {
  return {
    Type: "Task",
    Resource: lambdaInvoke,
    Parameters: { FunctionName: lambdaArn(account, functionName), "Payload.$": "$" },
    ...rest,
  };
}

/** The SNS topic the examples alert operations on. */
export function opsAlertsTopicArn(account: ExampleAccount): string {
  return `arn:aws:sns:${account.region}:${account.accountId}:ops-alerts`;
}
