import { describe, expect, it } from "vitest";
import { getFailureSignature, normalizeCause } from "./failure-signature";

const base = {
  stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:orders",
  rootCauseState: "Charge",
  error: "PaymentDeclined",
};

describe("getFailureSignature", () => {
  it("gives one signature to causes that differ only in ARNs, ids, numbers and timestamps", () => {
    const a = getFailureSignature({
      ...base,
      cause:
        "Card declined for order o-1842 (request 3f2a9c1e-55b1-4c1e-9a0b-1c2d3e4f5a6b) at 2024-03-17T11:10:40.123Z by arn:aws:lambda:us-east-1:123456789012:function:charge, amount 42.50",
    });
    const b = getFailureSignature({
      ...base,
      cause:
        "Card declined for order o-77 (request 9d8c7b6a-0000-4111-8222-333344445555) at 2025-01-02T00:00:00Z by arn:aws:lambda:eu-west-1:999999999999:function:charge, amount 7",
    });
    expect(a.signature).toBe(b.signature);
    expect(a.normalizedCause).toBe("Card declined for order <id> (request <id>) at <time> by <arn>, amount <n>");
  });

  it("tells apart different errors, states, state machines and cause texts", () => {
    const one = getFailureSignature({ ...base, cause: "Card declined" }).signature;
    expect(getFailureSignature({ ...base, error: "Timeout", cause: "Card declined" }).signature).not.toBe(one);
    expect(getFailureSignature({ ...base, rootCauseState: "Ship", cause: "Card declined" }).signature).not.toBe(one);
    expect(
      getFailureSignature({
        ...base,
        stateMachine: "arn:aws:states:us-east-1:1:stateMachine:other",
        cause: "Card declined",
      }).signature,
    ).not.toBe(one);
    expect(getFailureSignature({ ...base, cause: "Card expired" }).signature).not.toBe(one);
  });

  it("strips hex request ids but keeps ordinary words", () => {
    expect(normalizeCause("RequestId: 5f1e2d3c4b5a6978 failed; decade deadbeef")).toBe(
      "RequestId: <id> failed; decade deadbeef",
    );
    expect(normalizeCause(null)).toBe("");
  });
});

describe("normalizeCause", () => {
  it("strips email addresses", () => {
    expect(normalizeCause("A user with email jo.4f@corp.example.net already exists")).toBe(
      "A user with email <email> already exists",
    );
  });
});
