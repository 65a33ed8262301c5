import { describe, expect, it } from "vitest";
import { parseTaskResource } from "./task-resource";

describe("parseTaskResource", () => {
  it("a service integration splits into resourceType and the action with its pattern", () => {
    expect(parseTaskResource("arn:aws:states:::aws-sdk:s3:getObject")).toEqual({
      kind: "service",
      resourceType: "aws-sdk:s3",
      resource: "getObject",
      pattern: "request-response",
    });
    expect(parseTaskResource("arn:aws:states:::sqs:sendMessage.waitForTaskToken")).toEqual({
      kind: "service",
      resourceType: "sqs",
      resource: "sendMessage.waitForTaskToken",
      pattern: "waitForTaskToken",
    });
  });

  it("a versioned .sync:2 keeps its version in the action", () => {
    expect(parseTaskResource("arn:aws:states:::states:startExecution.sync:2")).toEqual({
      kind: "service",
      resourceType: "states",
      resource: "startExecution.sync:2",
      pattern: "sync",
    });
  });

  it("Lambda function and activity ARNs", () => {
    expect(parseTaskResource("arn:aws:lambda:us-east-1:111111111111:function:f").kind).toBe("lambda");
    expect(parseTaskResource("arn:aws:states:us-east-1:111111111111:activity:a").kind).toBe("activity");
  });
});
