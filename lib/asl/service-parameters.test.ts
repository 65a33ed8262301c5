import { describe, expect, it } from "vitest";
import { serviceParametersFault } from "./service-parameters";

describe("serviceParametersFault", () => {
  it("API Gateway headers must map names to lists of strings", () => {
    expect(serviceParametersFault("apigateway", "invoke", { Headers: { a: "x" } })).toBe(
      "The value of the field 'Headers' has an invalid format",
    );
    expect(serviceParametersFault("apigateway", "invoke", { Headers: { a: ["x", "y"] } })).toBeNull();
    expect(serviceParametersFault("apigateway", "invoke.waitForTaskToken", { Headers: ["x"] })).not.toBeNull();
  });

  it("other integrations and absent headers pass", () => {
    expect(serviceParametersFault("apigateway", "invoke", { Method: "GET" })).toBeNull();
    expect(serviceParametersFault("sqs", "sendMessage", { Headers: "x" })).toBeNull();
  });
});
