import { describe, expect, it } from "vitest";
import { validateDefinition } from "../validate-definition";
import type { JsonObject } from "../types";
import { resourceFault } from "./resource-arn";

describe("a Task's Resource, refused at creation unless it is an ARN of a known shape", () => {
  it("accepts Lambda function ARNs, activities and every integration pattern a service offers", () => {
    for (const resource of [
      "arn:aws:lambda:us-east-1:123456789012:function:f",
      "arn:aws:lambda:us-east-1:123456789012:function:f:live",
      "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f",
      "arn:aws:states:us-east-1:123456789012:activity:approve",
      "arn:aws:states:::lambda:invoke",
      "arn:aws:states:::lambda:invoke.waitForTaskToken",
      "arn:aws:states:::states:startExecution.sync:2",
      "arn:aws:states:::ecs:runTask.sync",
      "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "arn:aws:states:::aws-sdk:s3:listObjectsV2",
      "arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken",
      "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
      "arn:aws:states:::http:invoke",
    ])
      expect(resourceFault(resource), resource).toBeNull();
  });

  it("refuses a Resource that is not an ARN: Value is not a valid resource ARN", () => {
    expect(resourceFault("my-function")).toEqual({
      code: "SCHEMA_VALIDATION_FAILED",
      message: "Value is not a valid resource ARN",
    });
  });

  it("refuses a pattern the service does not offer: The resource provided … is not recognized", () => {
    for (const resource of [
      "arn:aws:states:::lambda:invoke.sync",
      "arn:aws:states:::sns:publish.sync",
      "arn:aws:states:::aws-sdk:s3:getObject.sync",
      "arn:aws:states:::glue:startJobRun.waitForTaskToken",
      "arn:aws:states:::ecs:runTask.sync:2",
      "arn:aws:states:::lambda",
      "arn:aws:lambda:us-east-1:123456789012:layer:l",
    ])
      expect(resourceFault(resource)?.message, resource).toBe(`The resource provided ${resource} is not recognized`);
  });

  it("reports a missing Resource at the state, and a wrong one at the field", () => {
    const faults = (state: JsonObject) => {
      const result = validateDefinition({ StartAt: "T", States: { T: { Type: "Task", ...state, End: true } } });
      return result.ok ? [] : result.errors.map((e) => `${e.message} at ${e.path}`);
    };
    expect(faults({})).toEqual(["These fields are required: [Resource] at /States/T"]);
    expect(faults({ Resource: 42 })).toEqual(["Expected value of type String at /States/T/Resource"]);
    expect(faults({ Resource: "arn:aws:states:::sqs:sendMessage.sync" })).toEqual([
      "The resource provided arn:aws:states:::sqs:sendMessage.sync is not recognized at /States/T/Resource",
    ]);
  });
});
