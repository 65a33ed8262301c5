import { describe, expect, it } from "vitest";
import { awsConsoleUrl, iamRoleConsoleUrl, stateMachineQualifier } from "./aws-console-url";

describe("awsConsoleUrl", () => {
  it("links a Standard execution to the v2 details page in its region", () => {
    const arn = "arn:aws:states:eu-west-1:123456789012:execution:orders:run-1";
    expect(awsConsoleUrl(arn, "2026-11-20T08:00:00.000Z")).toBe(
      `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${arn}`,
    );
  });

  it("links an Express execution to the express page with its start time in epoch ms", () => {
    const arn = "arn:aws:states:us-east-2:123456789012:express:ingest:run-2:7f3c0c1e-5d0f-4c39-9a8e-1a2b3c4d5e6f";
    expect(awsConsoleUrl(arn, "2026-11-20T08:00:00.000Z")).toBe(
      `https://us-east-2.console.aws.amazon.com/states/home?region=us-east-2#/express-executions/details/${arn}?startDate=${Date.UTC(2026, 10, 20, 8)}`,
    );
  });

  it("uses the China and GovCloud consoles for their partitions", () => {
    expect(awsConsoleUrl("arn:aws-cn:states:cn-north-1:123456789012:execution:sm:x", null)).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\/states\/home\?region=cn-north-1#\/v2\/executions\/details\//,
    );
    expect(awsConsoleUrl("arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:sm:x", null)).toMatch(
      /^https:\/\/console\.amazonaws-us-gov\.com\/states\/home\?region=us-gov-west-1#/,
    );
  });

  it("gives nothing for an ISO partition, a bad region or something that is not an execution ARN", () => {
    expect(awsConsoleUrl("arn:aws-iso:states:us-iso-east-1:123456789012:execution:sm:x", null)).toBeNull();
    expect(awsConsoleUrl("arn:aws:states:local:123456789012:execution:sm:x", null)).toBeNull();
    expect(awsConsoleUrl("arn:aws:states:us-east-1:123456789012:stateMachine:sm", null)).toBeNull();
  });
});

describe("iamRoleConsoleUrl and stateMachineQualifier", () => {
  it("links a role by its name, whatever its path, in its partition's console", () => {
    expect(iamRoleConsoleUrl("arn:aws:iam::123456789012:role/service-role/StepFunctions-Orders-role-1a2b")).toBe(
      "https://console.aws.amazon.com/iam/home#/roles/details/StepFunctions-Orders-role-1a2b",
    );
    expect(iamRoleConsoleUrl("arn:aws-cn:iam::123456789012:role/sfn")).toBe(
      "https://console.amazonaws.cn/iam/home#/roles/details/sfn",
    );
    expect(iamRoleConsoleUrl("arn:aws-iso:iam::123456789012:role/sfn")).toBeNull();
    expect(iamRoleConsoleUrl("arn:aws:iam::123456789012:user/alice")).toBeNull();
  });

  it("reads the version or alias of a qualified state machine ARN", () => {
    expect(stateMachineQualifier("arn:aws:states:us-east-1:123456789012:stateMachine:Orders:3")).toBe("3");
    expect(stateMachineQualifier("arn:aws:states:us-east-1:123456789012:stateMachine:Orders:prod")).toBe("prod");
    expect(stateMachineQualifier("arn:aws:states:us-east-1:123456789012:stateMachine:Orders")).toBeNull();
  });
});
