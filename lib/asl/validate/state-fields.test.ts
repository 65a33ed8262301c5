import { describe, expect, it } from "vitest";
import { validateDefinition } from "../validate-definition";
import type { JsonObject } from "../types";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

function faults(definition: JsonObject): string[] {
  const result = validateDefinition(definition);
  return result.ok ? [] : result.errors.map((e) => `${e.message} at ${e.path}`);
}
const one = (state: JsonObject, top: JsonObject = {}) => faults({ ...top, StartAt: "S", States: { S: state } });

describe("fields a state type or query language does not take, refused with AWS's messages", () => {
  it("refuses a field its state type does not support, at the state: Field 'X' is not supported", () => {
    expect(one({ Type: "Pass", TimeoutSeconds: 5, End: true })).toEqual([
      "Field 'TimeoutSeconds' is not supported at /States/S",
    ]);
    expect(one({ Type: "Pass", Catch: [], End: true })).toEqual(["Field 'Catch' is not supported at /States/S"]);
    expect(one({ Type: "Fail", Assign: { x: 1 } })).toEqual(["Field 'Assign' is not supported at /States/S"]);
    expect(one({ Type: "Succeed", Comentt: "typo" })).toEqual(["Field 'Comentt' is not supported at /States/S"]);
  });

  it("refuses a JSONPath-only field in a JSONata state", () => {
    const jsonata = { QueryLanguage: "JSONata" };
    for (const field of ["InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector"])
      expect(
        one(
          {
            Type: "Task",
            Resource: LAMBDA,
            [field]: field === "Parameters" || field === "ResultSelector" ? {} : "$",
            End: true,
          },
          jsonata,
        ),
      ).toEqual([
        `The QueryLanguage is set to 'JSONata', but field '${field}' is only supported for the 'JSONPath' QueryLanguage at /States/S`,
      ]);
    expect(one({ Type: "Pass", Result: {}, End: true }, jsonata)).toEqual([
      "The QueryLanguage is set to 'JSONata', but field 'Result' is only supported for the 'JSONPath' QueryLanguage at /States/S",
    ]);
  });

  it("refuses a JSONata-only field (Arguments, Output, Items) in a JSONPath state", () => {
    expect(one({ Type: "Task", Resource: LAMBDA, Arguments: {}, Output: {}, End: true })).toEqual([
      "The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata' QueryLanguage at /States/S",
      "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/S",
    ]);
  });

  it("accepts Assign in both languages and a JSONata state inside a JSONPath machine", () => {
    expect(one({ Type: "Pass", Assign: { "x.$": "$.a" }, End: true })).toEqual([]);
    expect(
      one({ Type: "Pass", QueryLanguage: "JSONata", Output: "{% 1 %}", Assign: { x: "{% 2 %}" }, End: true }),
    ).toEqual([]);
  });

  it("refuses a JSONPath state in a JSONata machine", () => {
    expect(one({ Type: "Pass", QueryLanguage: "JSONPath", End: true }, { QueryLanguage: "JSONata" })).toEqual([
      "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/S",
    ]);
  });

  it("refuses a QueryLanguage that is neither JSONPath nor JSONata", () => {
    expect(one({ Type: "Pass", End: true }, { QueryLanguage: "XPath" })).toEqual([
      "Value should be one of the following: [JSONPath, JSONata] at /QueryLanguage",
    ]);
  });

  it("lets a Map's processor states inherit the machine's language, not the Map's", () => {
    const processor = { StartAt: "P", States: { P: { Type: "Pass", Output: "{% 1 %}", End: true } } };
    expect(one({ Type: "Map", QueryLanguage: "JSONata", ItemProcessor: processor, End: true })).toEqual([
      "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/S/ItemProcessor/States/P",
    ]);
  });

  it("refuses a QueryLanguage on a Map's ItemProcessor", () => {
    const processor = { QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", End: true } } };
    expect(one({ Type: "Map", ItemProcessor: processor, End: true })).toEqual([
      "Field 'QueryLanguage' is not supported at /States/S/ItemProcessor",
    ]);
  });

  it("refuses a Choice rule in the other language's shape", () => {
    const rule = { Variable: "$.x", IsPresent: true, Next: "E" };
    expect(
      faults({
        QueryLanguage: "JSONata",
        StartAt: "C",
        States: { C: { Type: "Choice", Choices: [rule] }, E: { Type: "Succeed" } },
      }),
    ).toEqual([
      "The QueryLanguage is set to 'JSONata', but field 'Variable' is only supported for the 'JSONPath' QueryLanguage at /States/C/Choices/0",
    ]);
  });

  it("refuses a JSONata string that opens with {% and does not close with %}", () => {
    expect(one({ Type: "Pass", Output: { x: "{% 1 + 1" }, End: true }, { QueryLanguage: "JSONata" })).toEqual([
      "JSONata string must start with {% and end with %} at /States/S/Output/x",
    ]);
  });

  it("refuses a Wait with more than one of its timing fields", () => {
    expect(one({ Type: "Wait", Seconds: 1, Timestamp: "2026-01-01T00:00:00Z", End: true })).toEqual([
      "There should only be one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp] at /States/S",
    ]);
  });

  it("refuses a Version other than 1.0 and an unknown top-level field", () => {
    expect(one({ Type: "Pass", End: true }, { Version: "2.0" })).toEqual([
      "Value should be one of the following: [1.0] at /Version",
    ]);
    expect(one({ Type: "Pass", End: true }, { Startat: "S" })).toEqual(["Field 'Startat' is not supported at "]);
  });
});
