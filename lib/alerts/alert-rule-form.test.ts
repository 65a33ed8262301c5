import { describe, expect, it } from "vitest";
import { emptyRuleForm, fieldOfPointer, ruleFormFromRule, ruleFormToEntry } from "./alert-rule-form";
import { ruleFromRequest } from "./rule-from-request";

const issuesOf = (entry: unknown): unknown => {
  try {
    ruleFromRequest(entry);
  } catch (error) {
    return (error as { details?: unknown }).details;
  }
  throw new Error("accepted");
};

describe("the Alerts page's rule form", () => {
  it("sends the rules file's entry, which the server stores and the form reads back unchanged", () => {
    const values = {
      ...emptyRuleForm,
      name: " payments failing ",
      kind: "failure-rate" as const,
      abovePercent: "5",
      window: "15m",
      minCount: "20",
      quietFor: "6h", // another condition's field: not sent
      stateMachines: "Payments, arn:aws:states:eu-west-1:123456789012:stateMachine:Refunds",
      regions: "eu-west-1",
      targets: [
        { channel: "slack" as const, value: "SLACK_WEBHOOK_URL", secretEnv: "" },
        { channel: "webhook" as const, value: "HOOK_URL", secretEnv: "HOOK_SECRET" },
        { channel: "email" as const, value: "oncall@example.com", secretEnv: "" },
      ],
      repeat: "4h",
    };
    const entry = ruleFormToEntry(values);
    expect(entry).toEqual({
      name: "payments failing",
      scope: {
        regions: ["eu-west-1"],
        stateMachines: ["Payments", "arn:aws:states:eu-west-1:123456789012:stateMachine:Refunds"],
      },
      when: { kind: "failure-rate", abovePercent: 5, window: "15m", minCount: 20 },
      notify: [
        { slack: { env: "SLACK_WEBHOOK_URL" } },
        { webhook: { env: "HOOK_URL" }, secret: { env: "HOOK_SECRET" } },
        { email: "oncall@example.com" },
      ],
      repeat: "4h",
    });
    const stored = ruleFromRequest(entry);
    expect(ruleFormFromRule({ ...stored, when: stored.condition })).toEqual({
      ...values,
      name: "payments failing",
      quietFor: "",
      stateMachines: "Payments, arn:aws:states:eu-west-1:123456789012:stateMachine:Refunds",
    });
  });

  it("leaves a mistyped number and a pasted URL to the server, which names the field at fault", () => {
    expect(
      issuesOf(ruleFormToEntry({ ...emptyRuleForm, name: "r", kind: "failure-rate", abovePercent: "five" })),
    ).toEqual([{ path: "/when/abovePercent", message: expect.stringMatching(/number/) }]);
    const pasted = ruleFormToEntry({
      ...emptyRuleForm,
      name: "r",
      targets: [{ channel: "webhook", value: "https://hooks.example.com/x", secretEnv: "" }],
    });
    expect(issuesOf(pasted)).toEqual([
      { path: "/notify/0/webhook", message: expect.stringContaining("a secret is never stored") },
    ]);
    expect(issuesOf(ruleFormToEntry({ ...emptyRuleForm }))).toEqual([{ path: "/name", message: expect.any(String) }]);
  });

  it("maps each pointer to its form field", () => {
    expect(fieldOfPointer("/name")).toBe("name");
    expect(fieldOfPointer("/when/kind")).toBe("kind");
    expect(fieldOfPointer("/when/window")).toBe("window");
    expect(fieldOfPointer("/scope/accounts/0")).toBe("accounts");
    expect(fieldOfPointer("/notify/1/webhook")).toBe("targets.1.value");
    expect(fieldOfPointer("/notify/1/secret")).toBe("targets.1.secretEnv");
    expect(fieldOfPointer("/repeat")).toBe("repeat");
    expect(fieldOfPointer("")).toBe("form");
  });
});
