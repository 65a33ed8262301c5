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
        Charge: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:1:function:f",
          Retry: [{ ErrorEquals: ["States.ALL"], BackoffRate: 0.5 }],
          Next: "Nowhere",
        },
        Orphan: { Type: "Succeed" },
        Odd: { Type: "Teleport" },
      },
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/States/Charge/Retry/0/BackoffRate",
        "/States/Charge/Next",
        "/States/Orphan",
        "/States/Odd/Type",
      ]),
    );
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
    expect(paths).toEqual(
      expect.arrayContaining(["/States/A/InputPath", "/States/A/Output", "/States/B/QueryLanguage"]),
    );
  });

  it("reports a bad intrinsic call under its .$ key", () => {
    const result = validateDefinition({
      StartAt: "A",
      States: { A: { Type: "Pass", Parameters: { "x.$": "States.Nope(1)" }, End: true } },
    });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["/States/A/Parameters/x.$"]);
  });
  it("refuses numeric fields outside AWS's ranges, naming each path", () => {
    const result = validateDefinition({
      StartAt: "M",
      TimeoutSeconds: 0,
      States: {
        M: {
          Type: "Map",
          MaxConcurrency: -5,
          ToleratedFailurePercentage: 101,
          ToleratedFailureCount: 1.5,
          ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          Next: "T",
        },
        T: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:1:function:f",
          TimeoutSeconds: 10,
          HeartbeatSeconds: 10,
          Retry: [
            {
              ErrorEquals: ["States.ALL"],
              MaxAttempts: -1,
              IntervalSeconds: 0.5,
              BackoffRate: 0.9,
              MaxDelaySeconds: 0,
              JitterStrategy: "SOME",
            },
          ],
          Next: "W",
        },
        W: { Type: "Wait", Seconds: -1, End: true },
      },
    });
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.path).sort()).toEqual([
      "/States/M/MaxConcurrency",
      "/States/M/ToleratedFailureCount",
      "/States/M/ToleratedFailurePercentage",
      "/States/T/HeartbeatSeconds",
      "/States/T/Retry/0/BackoffRate",
      "/States/T/Retry/0/IntervalSeconds",
      "/States/T/Retry/0/JitterStrategy",
      "/States/T/Retry/0/MaxAttempts",
      "/States/T/Retry/0/MaxDelaySeconds",
      "/States/W/Seconds",
      "/TimeoutSeconds",
    ]);
    expect(errors.find((e) => e.path === "/States/M/MaxConcurrency")?.message).toBe(
      "MaxConcurrency must be an integer ≥ 0, not -5",
    );
    // JSONata expressions in numeric fields are checked when they run.
    const jsonata = validateDefinition({
      QueryLanguage: "JSONata",
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          MaxConcurrency: "{% $states.input.n %}",
          ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          End: true,
        },
      },
    });
    expect(jsonata.ok).toBe(true);
  });
});
