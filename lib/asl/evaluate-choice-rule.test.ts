import { describe, expect, it } from "vitest";
import { evaluateChoiceRule } from "./evaluate-choice-rule";
import type { Json, JsonObject } from "./types";

const scope = (input: Json) => ({ input, context: {}, variables: { limit: 5 } as Record<string, Json> });
const check = (rule: JsonObject, input: Json): boolean => evaluateChoiceRule(rule, scope(input));

describe("Choice rules", () => {
  it("compares numbers, strings, booleans and timestamps by their operator's type", () => {
    expect(check({ Variable: "$.n", NumericGreaterThan: 3 }, { n: 4 })).toBe(true);
    expect(check({ Variable: "$.n", NumericGreaterThan: 3 }, { n: "4" })).toBe(false);
    expect(check({ Variable: "$.t", TimestampLessThan: "2024-01-02T00:00:00Z" }, { t: "2024-01-01T00:00:00Z" })).toBe(
      true,
    );
  });

  it("reads the right side of *Path operators from the input or a variable", () => {
    expect(check({ Variable: "$.n", NumericLessThanPath: "$limit" }, { n: 4 })).toBe(true);
    expect(check({ Variable: "$.n", NumericEqualsPath: "$.m" }, { n: 4, m: 4 })).toBe(true);
  });

  it("fails with States.Runtime in AWS's words when a Variable is not there; only IsPresent may test it", () => {
    const invalid = "Invalid path '$.x': The choice state's condition path references an invalid value.";
    for (const rule of [
      { Variable: "$.x", StringEquals: "a" },
      { Variable: "$.x", IsNull: true },
      { Variable: "$.x", NumericEqualsPath: "$.n" },
    ])
      expect(() => check(rule, { n: 1 })).toThrow(expect.objectContaining({ error: "States.Runtime", cause: invalid }));
    expect(() => check({ Variable: "$missing", BooleanEquals: true }, {})).toThrow(
      expect.objectContaining({ error: "States.Runtime" }),
    );
    expect(check({ Variable: "$.x", IsPresent: false }, {})).toBe(true);
    expect(check({ Variable: "$.x", IsPresent: true }, {})).toBe(false);
    // A rule that And/Or does not reach is not evaluated.
    expect(
      check(
        {
          Or: [
            { Variable: "$.n", IsPresent: true },
            { Variable: "$.x", StringEquals: "a" },
          ],
        },
        { n: 1 },
      ),
    ).toBe(true);
  });

  it("matches StringMatches globs with escaped stars", () => {
    expect(check({ Variable: "$.s", StringMatches: "log-*.txt" }, { s: "log-1.txt" })).toBe(true);
    expect(check({ Variable: "$.s", StringMatches: "a\\*b" }, { s: "a*b" })).toBe(true);
    expect(check({ Variable: "$.s", StringMatches: "a\\*b" }, { s: "axb" })).toBe(false);
  });

  it("combines rules with And, Or and Not", () => {
    const rule = { And: [{ Variable: "$.n", IsNumeric: true }, { Not: { Variable: "$.n", NumericEquals: 3 } }] };
    expect(check(rule, { n: 4 })).toBe(true);
    expect(check(rule, { n: 3 })).toBe(false);
  });
});
