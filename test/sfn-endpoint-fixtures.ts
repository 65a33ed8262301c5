import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A Task retried once (mocked), then a 2-second Wait: 20 ms at the test's time scale of 100. */
export const orderDefinition = {
  StartAt: "Charge",
  States: {
    Charge: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:123456789012:function:charge",
      Retry: [{ ErrorEquals: ["Busy"], IntervalSeconds: 1, MaxAttempts: 2 }],
      ResultPath: "$.charge",
      Next: "Ship",
    },
    Ship: { Type: "Wait", Seconds: 2, Next: "Done" },
    Done: { Type: "Pass", Result: "shipped", ResultPath: "$.shipping", End: true },
  },
};
export const mockConfig = {
  StateMachines: { order: { TestCases: { BusyThenCharged: { Charge: "ChargeBusyOnce" } } } },
  MockedResponses: {
    ChargeBusyOnce: {
      "0": { Throw: { Error: "Busy", Cause: "try again" } },
      "1": { Return: { chargeId: "ch_1" } },
    },
  },
};
/** Waits for a callback (`.waitForTaskToken`). */
export const callbackDefinition = {
  StartAt: "Approve",
  States: {
    Approve: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      Parameters: {
        QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
        MessageBody: { "token.$": "$$.Task.Token", "input.$": "$" },
      },
      Next: "Done",
    },
    Done: { Type: "Succeed" },
  },
};

/** Writes {@link mockConfig} to a MockConfigFile in a folder of its own; its path. */
export function writeMockConfigFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "sfn-endpoint-")), "MockConfigFile.json");
  writeFileSync(file, JSON.stringify(mockConfig));
  return file;
}
