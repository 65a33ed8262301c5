import { describe, expect, it } from "vitest";
import { validateDefinition } from "../validate-definition";
import type { JsonObject } from "../types";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";
const PROCESSOR = { StartAt: "P", States: { P: { Type: "Pass", End: true } } };

/** The faults of a one-state machine `S` (plus top-level fields), as AWS would print them. */
function faults(state: JsonObject, top: JsonObject = {}): string[] {
  const result = validateDefinition({ ...top, StartAt: "S", States: { S: { ...state, End: true } } });
  return result.ok ? [] : result.errors.map((e) => `${e.message} at ${e.path}`);
}
const retry = (fields: JsonObject) =>
  faults({ Type: "Task", Resource: LAMBDA, Retry: [{ ErrorEquals: ["States.ALL"], ...fields }] });
const map = (fields: JsonObject, top: JsonObject = {}) =>
  faults({ Type: "Map", ItemProcessor: PROCESSOR, ...fields }, top);

describe("numeric fields, refused at creation with AWS's messages", () => {
  it("refuses a Wait's Seconds that is not an integer: Expected value of type Integer", () => {
    expect(faults({ Type: "Wait", Seconds: "10" })).toEqual(["Expected value of type Integer at /States/S/Seconds"]);
    expect(faults({ Type: "Wait", Seconds: 1.5 })).toEqual(["Expected value of type Integer at /States/S/Seconds"]);
  });

  it("refuses a negative Wait Seconds: Minimum value is 0", () => {
    expect(faults({ Type: "Wait", Seconds: -1 })).toEqual(["Minimum value is 0 at /States/S/Seconds"]);
  });

  it("refuses a Wait Seconds above 99999999: Maximum value is 99999999", () => {
    expect(faults({ Type: "Wait", Seconds: 100_000_000 })).toEqual(["Maximum value is 99999999 at /States/S/Seconds"]);
  });

  it("refuses a Task TimeoutSeconds or HeartbeatSeconds below 1", () => {
    expect(faults({ Type: "Task", Resource: LAMBDA, TimeoutSeconds: 0 })).toEqual([
      "Minimum value is 1 at /States/S/TimeoutSeconds",
    ]);
    expect(faults({ Type: "Task", Resource: LAMBDA, HeartbeatSeconds: 0 })).toEqual([
      "Minimum value is 1 at /States/S/HeartbeatSeconds",
    ]);
  });

  it("refuses a HeartbeatSeconds that is not smaller than TimeoutSeconds", () => {
    expect(faults({ Type: "Task", Resource: LAMBDA, TimeoutSeconds: 10, HeartbeatSeconds: 10 })).toEqual([
      "HeartbeatSeconds must be smaller than TimeoutSeconds at /States/S/HeartbeatSeconds",
    ]);
  });

  it("refuses a Map's MaxConcurrency and ToleratedFailureCount below 0", () => {
    expect(map({ MaxConcurrency: -5 })).toEqual(["Minimum value is 0 at /States/S/MaxConcurrency"]);
    expect(map({ ToleratedFailureCount: -1 })).toEqual(["Minimum value is 0 at /States/S/ToleratedFailureCount"]);
  });

  it("refuses a ToleratedFailurePercentage outside 0.0–100.0, with AWS's decimal bounds", () => {
    expect(map({ ToleratedFailurePercentage: 101 })).toEqual([
      "Maximum value is 100.0 at /States/S/ToleratedFailurePercentage",
    ]);
    expect(map({ ToleratedFailurePercentage: -0.5 })).toEqual([
      "Minimum value is 0.0 at /States/S/ToleratedFailurePercentage",
    ]);
    expect(map({ ToleratedFailurePercentage: 12.5 })).toEqual([]);
  });

  it("refuses a Retry's BackoffRate below 1.0 and a non-numeric one: Expected value of type Number", () => {
    expect(retry({ BackoffRate: 0.5 })).toEqual(["Minimum value is 1.0 at /States/S/Retry/0/BackoffRate"]);
    expect(retry({ BackoffRate: "2" })).toEqual(["Expected value of type Number at /States/S/Retry/0/BackoffRate"]);
    expect(retry({ BackoffRate: 1.5 })).toEqual([]);
  });

  it("refuses a Retry's MaxAttempts outside 0–99999999", () => {
    expect(retry({ MaxAttempts: -1 })).toEqual(["Minimum value is 0 at /States/S/Retry/0/MaxAttempts"]);
    expect(retry({ MaxAttempts: 100_000_000 })).toEqual(["Maximum value is 99999999 at /States/S/Retry/0/MaxAttempts"]);
    expect(retry({ MaxAttempts: 0 })).toEqual([]);
  });

  it("refuses a non-integer IntervalSeconds but accepts 0, as AWS does", () => {
    expect(retry({ IntervalSeconds: 0.5 })).toEqual([
      "Expected value of type Integer at /States/S/Retry/0/IntervalSeconds",
    ]);
    expect(retry({ IntervalSeconds: 0 })).toEqual([]);
  });

  it("refuses a MaxDelaySeconds outside 1–31622400", () => {
    expect(retry({ MaxDelaySeconds: 0 })).toEqual(["Minimum value is 1 at /States/S/Retry/0/MaxDelaySeconds"]);
    expect(retry({ MaxDelaySeconds: 31_622_401 })).toEqual([
      "Maximum value is 31622400 at /States/S/Retry/0/MaxDelaySeconds",
    ]);
  });

  it("refuses a JitterStrategy other than NONE or FULL", () => {
    expect(retry({ JitterStrategy: "SOME" })).toEqual([
      "Value should be one of the following: [NONE, FULL] at /States/S/Retry/0/JitterStrategy",
    ]);
  });

  it("accepts a machine TimeoutSeconds of 0 (AWS does) but not a negative or a string one", () => {
    expect(faults({ Type: "Pass" }, { TimeoutSeconds: 0 })).toEqual([]);
    expect(faults({ Type: "Pass" }, { TimeoutSeconds: -1 })).toEqual(["Minimum value is 0 at /TimeoutSeconds"]);
    expect(faults({ Type: "Pass" }, { TimeoutSeconds: "60" })).toEqual([
      "Expected value of type Integer at /TimeoutSeconds",
    ]);
  });

  it("takes a JSONata expression in place of a number in a JSONata state only", () => {
    const jsonata = { QueryLanguage: "JSONata" };
    expect(map({ MaxConcurrency: "{% $states.input.n %}" }, jsonata)).toEqual([]);
    expect(faults({ Type: "Wait", Seconds: "{% $states.input.wait %}" }, jsonata)).toEqual([]);
    expect(
      faults({ Type: "Task", Resource: LAMBDA, TimeoutSeconds: "{% 30 %}", HeartbeatSeconds: "{% 5 %}" }, jsonata),
    ).toEqual([]);
    expect(faults({ Type: "Wait", Seconds: "{% $states.input.wait %}" })).toEqual([
      "Expected value of type Integer at /States/S/Seconds",
    ]);
  });
});
