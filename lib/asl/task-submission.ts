import { hashText } from "./hash";
import type { TaskOutcome } from "./task-invoker";
import { isJsonObject, type Json, type JsonObject } from "./types";

/** What {@link taskSubmissionOutput} needs: the integration, what was sent, how the job ended, and ids. */
export interface TaskSubmission {
  /** `resourceType` as the history records it (`sqs`, `states`, `sns`, …). */
  readonly resourceType: string;
  /** `resource` as the history records it (`sendMessage.waitForTaskToken`, `startExecution.sync:2`, …). */
  readonly resource: string;
  /** The Task's `Parameters`/`Arguments` result. */
  readonly payload: Json;
  /** How the job (or the callback) ended. */
  readonly outcome: TaskOutcome;
  /** A fresh id for message and execution names. */
  readonly uuid: () => string;
  /** The submission time, ISO-8601. */
  readonly nowIso: string;
}

/**
 * `TaskSubmitted.output` of a `.sync` or `.waitForTaskToken` Task: the answer of the call
 * that submitted the job, before Step Functions waits for its end or its callback.
 * - `states:startExecution`: `{ExecutionArn, StartDate}`, the same ones the job's final
 *   description (its result, or the JSON of its failure's `Cause`) carries; otherwise an ARN
 *   from `StateMachineArn` and `Name` and the submission time;
 * - `sqs:sendMessage`: `{MD5OfMessageBody, MessageId}` (MD5 of the body as sent);
 * - `sns:publish`: `{MessageId}`;
 * - any other service: `{}` (its answer is not modelled; an invoker can give it as `submitted`).
 */
export function taskSubmissionOutput(submission: TaskSubmission): Json {
  const { resourceType, resource, payload } = submission;
  const action = resource.split(".")[0] ?? resource;
  const params: JsonObject = isJsonObject(payload) ? payload : {};
  if (resourceType === "states" && action === "startExecution") return startedExecution(submission, params);
  if (resourceType === "sqs" && action === "sendMessage") {
    const body = params["MessageBody"];
    const text = typeof body === "string" ? body : JSON.stringify(body ?? null);
    return { MD5OfMessageBody: hashText(text, "MD5"), MessageId: submission.uuid() };
  }
  if (resourceType === "sns" && action === "publish") return { MessageId: submission.uuid() };
  return {};
}

function startedExecution(submission: TaskSubmission, params: JsonObject): JsonObject {
  const description = describedExecution(submission.outcome);
  if (description !== undefined && typeof description["ExecutionArn"] === "string") {
    return { ExecutionArn: description["ExecutionArn"], StartDate: description["StartDate"] ?? submission.nowIso };
  }
  const machineArn = typeof params["StateMachineArn"] === "string" ? params["StateMachineArn"] : "";
  const name = typeof params["Name"] === "string" ? params["Name"] : submission.uuid();
  return {
    ExecutionArn: `${machineArn.replace(":stateMachine:", ":execution:")}:${name}`,
    StartDate: submission.nowIso,
  };
}

/** The child execution's `DescribeExecution` answer: the `.sync` result, or its failure's `Cause` as JSON. */
function describedExecution(outcome: TaskOutcome): JsonObject | undefined {
  if (outcome.type === "success") return isJsonObject(outcome.output) ? outcome.output : undefined;
  if (outcome.cause === undefined || !outcome.cause.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(outcome.cause) as Json;
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
