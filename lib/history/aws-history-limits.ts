/**
 * What AWS Step Functions never exceeds, so an input that does cannot be an AWS history.
 * Each figure is from AWS's documentation:
 * - `maxEvents`: "Maximum execution history size: 25,000 events in a single state machine
 *   execution history" (Step Functions developer guide, Service quotas,
 *   https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 * - `maxPayloadBytes`: 256 KiB, "Maximum input or output size for a task, state, or
 *   execution" (same page); the API reference gives every payload (`input`, `output`,
 *   `parameters`, …) "Length Constraints: Maximum length of 262144 … bytes in UTF-8 encoding"
 *   (e.g. `LambdaFunctionScheduledEventDetails`). Larger payloads appear only as `truncated`.
 * - `maxArnLength`: the API reference's `Arn` type, "Maximum length of 256"
 *   (`DescribeExecution` `executionArn`, `stateMachineArn`).
 * - `maxNameLength`: "Names of state machines, executions, and activity tasks must not
 *   exceed 80 characters" (Service quotas, General quotas).
 * - `maxErrorLength`: the API reference gives every `error` (e.g. `TaskFailedEventDetails`)
 *   "Length Constraints: Minimum length of 0. Maximum length of 256"; state names
 *   (`StateEnteredEventDetails` `name`) "Maximum length of 80".
 * - `maxEventId`: not AWS's but Postgres's: event ids are stored as `INTEGER` (2³¹ − 1);
 *   AWS numbers events 1, 2, … so a history of at most 25,000 events never comes near.
 * - `maxJsonDepth`: not AWS's either: AWS events nest a handful of levels (payloads are
 *   JSON *strings*), so a document nested deeper than this is refused before it is parsed,
 *   instead of exhausting the stack.
 */
export const awsHistoryLimits = {
  maxEvents: 25_000,
  maxPayloadBytes: 256 * 1024,
  maxArnLength: 256,
  maxNameLength: 80,
  maxErrorLength: 256,
  maxEventId: 2_147_483_647,
  maxJsonDepth: 64,
} as const;
