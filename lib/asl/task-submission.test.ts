import { describe, expect, it } from "vitest";
import { hashText } from "./hash";
import { taskSubmissionOutput } from "./task-submission";

const ids = { uuid: () => "id-1", nowIso: "2024-01-01T00:00:00.000Z" };

describe("taskSubmissionOutput", () => {
  it("an SQS message sent for a callback answers with the MD5 of the body as sent and a message id", () => {
    const out = taskSubmissionOutput({
      ...ids,
      resourceType: "sqs",
      resource: "sendMessage.waitForTaskToken",
      payload: { QueueUrl: "q", MessageBody: { a: 1 } },
      outcome: { type: "success", output: "done" },
    });
    expect(out).toEqual({ MD5OfMessageBody: hashText('{"a":1}', "MD5"), MessageId: "id-1" });
  });

  it("a started child execution carries the ARN and start date its final description repeats", () => {
    const out = taskSubmissionOutput({
      ...ids,
      resourceType: "states",
      resource: "startExecution.sync:2",
      payload: {},
      outcome: {
        type: "failure",
        error: "States.TaskFailed",
        cause: '{"ExecutionArn":"arn:x","StartDate":"2023-05-05T00:00:00Z","Status":"FAILED"}',
      },
    });
    expect(out).toEqual({ ExecutionArn: "arn:x", StartDate: "2023-05-05T00:00:00Z" });
  });

  it("without a description, the child's ARN comes from StateMachineArn and Name", () => {
    const out = taskSubmissionOutput({
      ...ids,
      resourceType: "states",
      resource: "startExecution.sync",
      payload: { StateMachineArn: "arn:aws:states:us-east-1:1:stateMachine:child", Name: "run-1" },
      outcome: { type: "failure", error: "States.Timeout" },
    });
    expect(out).toEqual({ ExecutionArn: "arn:aws:states:us-east-1:1:execution:child:run-1", StartDate: ids.nowIso });
  });

  it("a service it does not model answers with an empty object", () => {
    expect(
      taskSubmissionOutput({
        ...ids,
        resourceType: "ecs",
        resource: "runTask.sync",
        payload: {},
        outcome: { type: "success", output: {} },
      }),
    ).toEqual({});
  });
});
