import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate-definition";

describe("validateDefinition", () => {
  it("accepts a small valid definition", () => {
    const result = validateDefinition({ StartAt: "A", States: { A: { Type: "Pass", End: true } } });
    expect(result.ok).toBe(true);
  });

  it("names the JSON path and the rule of each fault", () => {
    const result = validateDefinition({
      StartAt: "Charge",
      States: {
        Charge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", Retry: [{ ErrorEquals: ["States.ALL"], BackoffRate: 0.5 }], Next: "Nowhere" },
        Orphan: { Type: "Succeed" },
        Odd: { Type: "Teleport" },
      },
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/States/Charge/Retry/0/BackoffRate", "/States/Charge/Next", "/States/Orphan", "/States/Odd/Type"]));
  });

  it("rejects a field the query language does not allow, bad JSONPath and bad JSONata", () => {
    const result = validateDefinition({
      QueryLanguage: "JSONata",
      StartAt: "A",
      States: { A: { Type: "Pass", InputPath: "$.x", Output: "{% $states.input. %}", Next: "B" }, B: { Type: "Pass", QueryLanguage: "JSONPath", End: true } },
    });
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/States/A/InputPath", "/States/A/Output", "/States/B/QueryLanguage"]));
  });

  it("reports a bad intrinsic call under its .$ key", () => {
    const result = validateDefinition({ StartAt: "A", States: { A: { Type: "Pass", Parameters: { "x.$": "States.Nope(1)" }, End: true } } });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["/States/A/Parameters/x.$"]);
  });
});
