import { describe, expect, it } from "vitest";
import { formatDefinitionError, validateDefinition } from "./validate-definition";

describe("validateDefinition", () => {
  it("accepts a small valid definition", () => {
    const result = validateDefinition({ StartAt: "A", States: { A: { Type: "Pass", End: true } } });
    expect(result.ok).toBe(true);
  });

  it("refuses a Next that names no state: Missing 'Next' target, MISSING_TRANSITION_TARGET", () => {
    const result = validateDefinition({
      StartAt: "A",
      States: { A: { Type: "Pass", Next: "Nowhere" }, B: { Type: "Succeed" } },
    });
    expect(result.ok ? [] : result.errors).toContainEqual({
      path: "/States/A/Next",
      message: "Missing 'Next' target: Nowhere",
      code: "MISSING_TRANSITION_TARGET",
    });
  });

  it('refuses a state nothing reaches: State "X" is not reachable.', () => {
    const result = validateDefinition({
      StartAt: "A",
      States: { A: { Type: "Succeed" }, Orphan: { Type: "Succeed" } },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: "/States/Orphan", message: 'State "Orphan" is not reachable.', code: "MISSING_TRANSITION_TARGET" },
    ]);
  });

  it("refuses a machine with no terminal state: Workflow has no terminal state, MISSING_END_STATE", () => {
    const result = validateDefinition({
      StartAt: "A",
      States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", Next: "A" } },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: "", message: "Workflow has no terminal state", code: "MISSING_END_STATE" },
    ]);
  });

  it("refuses text that is not JSON with INVALID_JSON_DESCRIPTION", () => {
    const result = validateDefinition("{ nope");
    expect(result.ok ? null : result.errors[0]?.code).toBe("INVALID_JSON_DESCRIPTION");
  });

  it("prints a fault as AWS does inside InvalidDefinition", () => {
    expect(formatDefinitionError({ path: "/States/W/Seconds", message: "Minimum value is 0" })).toBe(
      "SCHEMA_VALIDATION_FAILED: Minimum value is 0 at /States/W/Seconds",
    );
    expect(
      formatDefinitionError({ path: "", message: "Workflow has no terminal state", code: "MISSING_END_STATE" }),
    ).toBe("MISSING_END_STATE: Workflow has no terminal state at /");
  });

  it("rejects a field the query language does not allow, bad JSONPath and bad JSONata", () => {
    const result = validateDefinition({
      QueryLanguage: "JSONata",
      StartAt: "A",
      States: {
        A: { Type: "Pass", InputPath: "$.x", Output: "{% $states.input. %}", Next: "B" },
        B: { Type: "Pass", QueryLanguage: "JSONPath", End: true },
      },
    });
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/States/A", "/States/A/Output", "/States/B"]));
  });

  it("reports a bad intrinsic call under its .$ key", () => {
    const result = validateDefinition({
      StartAt: "A",
      States: { A: { Type: "Pass", Parameters: { "x.$": "States.Nope(1)" }, End: true } },
    });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["/States/A/Parameters/x.$"]);
  });
});
