import { describe, expect, it } from "vitest";
import { classifyAwsError } from "./aws-error";

describe("classifyAwsError", () => {
  it.each([
    [{ name: "ThrottlingException", $metadata: { httpStatusCode: 400 } }, "retryable"],
    [{ name: "InvalidToken" }, "expired-token"],
    [{ name: "AccessDeniedException" }, "access"],
    [{ name: "CredentialsProviderError" }, "access"],
    [{ name: "ExecutionDoesNotExist" }, "not-found"],
    [{ name: "InternalServerError", $metadata: { httpStatusCode: 503 } }, "retryable"],
    [{ name: "Error", code: "ECONNRESET" }, "retryable"],
    [{ name: "Forbidden", $metadata: { httpStatusCode: 403 } }, "access"],
    [{ name: "ValidationException", $metadata: { httpStatusCode: 400 } }, "fatal"],
  ])("%o is %s", (error, kind) => {
    expect(classifyAwsError(error)).toBe(kind);
  });
});
