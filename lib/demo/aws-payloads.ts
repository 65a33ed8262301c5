import type { Json } from "./history-recorder";
import type { SimContext } from "./sim-context";

/** What `arn:aws:states:::lambda:invoke` returns as the task result (before `ResultSelector`). */
export function lambdaResult(sim: SimContext, result: Json): Json {
  const requestId = sim.rng.uuid();
  return {
    ExecutedVersion: "$LATEST",
    Payload: result,
    SdkHttpMetadata: {
      HttpHeaders: {
        "Content-Type": "application/json",
        "X-Amz-Executed-Version": "$LATEST",
        "x-amzn-Remapped-Content-Length": "0",
        "x-amzn-RequestId": requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** A service integration's bare HTTP result (`sns:publish`, `sqs:sendMessage`, `dynamodb:putItem`, …). */
export function sdkResult(sim: SimContext, fields: Readonly<Record<string, Json>>): Json {
  const requestId = sim.rng.uuid();
  return {
    ...fields,
    SdkHttpMetadata: { HttpHeaders: { "x-amzn-RequestId": requestId }, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** A Lambda function error as Step Functions reports it: `error` = `errorType`, `cause` = the function's JSON error. */
export function functionError(sim: SimContext, errorType: string, errorMessage: string, file: string): { error: string; cause: string } {
  return {
    error: errorType,
    cause: JSON.stringify({
      errorType,
      errorMessage,
      trace: [`${errorType}: ${errorMessage}`, `    at handler (/var/task/${file}:${sim.rng.int(12, 180)}:${sim.rng.int(5, 30)})`],
    }),
  };
}

/** `Lambda.ServiceException` or a throttle: the Lambda service, not the function, failed. */
export function lambdaServiceError(sim: SimContext, kind: "ServiceException" | "TooManyRequestsException"): { error: string; cause: string } {
  const message =
    kind === "ServiceException"
      ? "Lambda is unable to process the request at this time."
      : "Rate Exceeded.";
  const status = kind === "ServiceException" ? 500 : 429;
  return {
    error: `Lambda.${kind}`,
    cause: `${message} (Service: Lambda, Status Code: ${status}, Request ID: ${sim.rng.uuid()})`,
  };
}
