import { describe, expect, it } from "vitest";
import { accessRemedy } from "./access-remedy";

describe("accessRemedy", () => {
  it("asks for the missing permission when AWS refused the action", () => {
    expect(accessRemedy("AccessDeniedException", "states:GetExecutionHistory")).toBe(
      "grant states:GetExecutionHistory to the role or user this source runs as, then sync again",
    );
  });

  it("asks for credentials, not a permission, when there are none or AWS did not accept them", () => {
    expect(accessRemedy("CredentialsProviderError", "states:ListStateMachines")).toMatch(
      /^the credentials were not found \(calling states:ListStateMachines\): give the server valid ones through the standard AWS chain/,
    );
    expect(accessRemedy("UnrecognizedClientException", "states:ListStateMachines")).toMatch(
      /^the credentials were not accepted/,
    );
    expect(accessRemedy("ExpiredTokenException", null)).toMatch(/^the credentials were expired: /);
    expect(accessRemedy("CredentialsProviderError", null)).not.toContain("grant");
  });
});
