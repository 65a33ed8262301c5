import { describe, expect, it } from "vitest";
import { validateDefinition } from "../validate-definition";
import type { JsonObject } from "../types";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

/** The faults of a Task `T` with these Retry/Catch fields, and a `Handler` its catchers may name. */
function faults(fields: JsonObject, top: JsonObject = {}): string[] {
  const result = validateDefinition({
    ...top,
    StartAt: "T",
    States: { T: { Type: "Task", Resource: LAMBDA, ...fields, Next: "Handler" }, Handler: { Type: "Succeed" } },
  });
  return result.ok ? [] : result.errors.map((e) => `${e.message} at ${e.path}`);
}

describe("Retry and Catch, refused at creation with AWS's messages", () => {
  it("refuses a retrier or catcher without ErrorEquals: These fields are required: [ErrorEquals]", () => {
    expect(faults({ Retry: [{ MaxAttempts: 2 }] })).toEqual([
      "These fields are required: [ErrorEquals] at /States/T/Retry/0",
    ]);
  });

  it("refuses an empty ErrorEquals: Value cannot be empty", () => {
    expect(faults({ Catch: [{ ErrorEquals: [], Next: "Handler" }] })).toEqual([
      "Value cannot be empty at /States/T/Catch/0/ErrorEquals",
    ]);
  });

  it("refuses States.ALL beside other names or before the last entry", () => {
    const message = "States.ALL must appear alone and at end of list";
    expect(faults({ Retry: [{ ErrorEquals: ["States.ALL", "States.Timeout"] }] })).toEqual([
      `${message} at /States/T/Retry/0/ErrorEquals`,
    ]);
    expect(
      faults({
        Catch: [
          { ErrorEquals: ["States.ALL"], Next: "Handler" },
          { ErrorEquals: ["X"], Next: "Handler" },
        ],
      }),
    ).toEqual([`${message} at /States/T/Catch/0/ErrorEquals`]);
  });

  it("refuses a catcher without Next: These fields are required: [Next]", () => {
    expect(faults({ Catch: [{ ErrorEquals: ["States.ALL"] }] })).toEqual([
      "These fields are required: [Next] at /States/T/Catch/0",
    ]);
  });

  it("refuses a catcher's Next that names no state: MISSING_TRANSITION_TARGET", () => {
    const result = validateDefinition({
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: LAMBDA, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Nowhere" }], End: true },
      },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: "/States/T/Catch/0/Next", message: "Missing 'Next' target: Nowhere", code: "MISSING_TRANSITION_TARGET" },
    ]);
  });

  it("refuses a field a retrier or catcher does not take, and the other language's catcher fields", () => {
    expect(faults({ Retry: [{ ErrorEquals: ["X"], Next: "Handler" }] })).toEqual([
      "Field 'Next' is not supported at /States/T/Retry/0",
    ]);
    expect(faults({ Catch: [{ ErrorEquals: ["X"], Output: {}, Next: "Handler" }] })).toEqual([
      "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/T/Catch/0",
    ]);
    expect(
      faults({ Catch: [{ ErrorEquals: ["X"], ResultPath: "$.e", Next: "Handler" }] }, { QueryLanguage: "JSONata" }),
    ).toEqual([
      "The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage at /States/T/Catch/0",
    ]);
  });
});
