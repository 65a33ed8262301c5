import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { decideRetry } from "./decide-retry";
import { evaluateChoiceRule } from "./evaluate-choice-rule";
import { executeStateMachine } from "./execute-state-machine";
import { evaluatePayloadTemplate } from "./payload-template";
import { createSeededRandom } from "./seeded-random";
import { numberField } from "./states/path-field";
import { StatesError } from "./states-error";
import type { Json, JsonObject, StateMachineDefinition } from "./types";

/**
 * Properties of ASL fields against the AWS documentation (Amazon States Language; "Handling
 * errors", "Choice", "Wait", "Map" pages): Retry's `MaxAttempts`/`IntervalSeconds`/`BackoffRate`/
 * `MaxDelaySeconds`/`JitterStrategy`, Choice operators over every JSON type (a type mismatch is
 * false), payload templates' `.$` fields, Wait's `Seconds`/`SecondsPath`, and the Map's number bounds.
 */

const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as Json);
const scopeOf = (input: Json) => ({ input, context: {}, variables: {} });

function errorOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    if (err instanceof StatesError) return err.error;
    throw err;
  }
}

describe("Retry", () => {
  const retrier = fc.record(
    {
      MaxAttempts: fc.integer({ min: 0, max: 10 }),
      IntervalSeconds: fc.integer({ min: 1, max: 100 }),
      BackoffRate: fc.double({ min: 1, max: 5, noNaN: true }),
      MaxDelaySeconds: fc.integer({ min: 1, max: 1000 }),
    },
    { requiredKeys: [] },
  );

  it("the n-th retry waits IntervalSeconds × BackoffRate^n (defaults 1 s, 2.0, 3 attempts), capped by MaxDelaySeconds; none past MaxAttempts", () => {
    fc.assert(
      fc.property(retrier, fc.integer({ min: 0, max: 12 }), (r, done) => {
        const decision = decideRetry([{ ErrorEquals: ["States.ALL"], ...r }], "Boom", [done], () => 0.5);
        const max = r.MaxAttempts ?? 3;
        if (done >= max) {
          expect(decision.outcome).toBe("no-retry");
          return;
        }
        const uncapped = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** done;
        const seconds = Math.min(uncapped, r.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
        expect(decision).toEqual({ outcome: "retry", delayMs: Math.round(seconds * 1000), retrierIndex: 0 });
      }),
    );
  });

  it("MaxAttempts 0 never retries; JitterStrategy FULL waits a fraction of the delay, never more", () => {
    fc.assert(
      fc.property(
        retrier,
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (r, done, u) => {
          expect(
            decideRetry([{ ErrorEquals: ["States.ALL"], ...r, MaxAttempts: 0 }], "Boom", [done], () => u).outcome,
          ).toBe("no-retry");
          const plain = decideRetry([{ ErrorEquals: ["States.ALL"], ...r, MaxAttempts: 10 }], "Boom", [done], () => u);
          const jittered = decideRetry(
            [{ ErrorEquals: ["States.ALL"], ...r, MaxAttempts: 10, JitterStrategy: "FULL" }],
            "Boom",
            [done],
            () => u,
          );
          if (plain.outcome !== "retry" || jittered.outcome !== "retry") throw new Error("expected retries");
          expect(jittered.delayMs).toBeGreaterThanOrEqual(0);
          expect(jittered.delayMs).toBeLessThanOrEqual(plain.delayMs);
        },
      ),
    );
  });

  it("States.ALL never retries States.Runtime or States.DataLimitExceeded; the first matching retrier decides", () => {
    fc.assert(
      fc.property(fc.constantFrom("States.Runtime", "States.DataLimitExceeded"), (error) => {
        expect(decideRetry([{ ErrorEquals: ["States.ALL"] }], error, [0], () => 0).outcome).toBe("no-retry");
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }).filter((e) => !e.startsWith("States.")),
        (error) => {
          const decision = decideRetry(
            [{ ErrorEquals: ["Other"] }, { ErrorEquals: [error] }, { ErrorEquals: ["States.ALL"] }],
            error,
            [0, 0, 0],
            () => 0,
          );
          expect(decision.outcome === "retry" && decision.retrierIndex).toBe(error === "Other" ? 0 : 1);
        },
      ),
    );
  });
});

describe("Choice rules", () => {
  const typeOf = (v: Json) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

  it("the numeric operators order numbers as numbers; every other type is not a match", () => {
    const ops: Record<string, (a: number, b: number) => boolean> = {
      NumericEquals: (a, b) => a === b,
      NumericLessThan: (a, b) => a < b,
      NumericGreaterThan: (a, b) => a > b,
      NumericLessThanEquals: (a, b) => a <= b,
      NumericGreaterThanEquals: (a, b) => a >= b,
    };
    fc.assert(
      fc.property(
        fc.oneof(json, fc.integer({ min: -5, max: 5 })),
        fc.integer({ min: -5, max: 5 }),
        fc.constantFrom(...Object.keys(ops)),
        (value, operand, op) => {
          const result = evaluateChoiceRule({ Variable: "$.v", [op]: operand }, scopeOf({ v: value }));
          expect(result).toBe(
            typeof value === "number" && (ops[op] as (a: number, b: number) => boolean)(value, operand),
          );
          // The *Path form reads the operand from the input and agrees.
          expect(evaluateChoiceRule({ Variable: "$.v", [`${op}Path`]: "$.o" }, scopeOf({ v: value, o: operand }))).toBe(
            result,
          );
          // Not inverts.
          expect(evaluateChoiceRule({ Not: { Variable: "$.v", [op]: operand } }, scopeOf({ v: value }))).toBe(!result);
        },
      ),
    );
  });

  it("the string operators compare strings by code unit; other types are not a match", () => {
    const text = fc.string({ maxLength: 4, unit: fc.constantFrom("a", "b", "B", "é") });
    fc.assert(
      fc.property(fc.oneof(json, text), text, (value, operand) => {
        const is = (op: string) => evaluateChoiceRule({ Variable: "$.v", [op]: operand }, scopeOf({ v: value }));
        const s = typeof value === "string";
        expect(is("StringEquals")).toBe(s && value === operand);
        expect(is("StringLessThan")).toBe(s && (value as string) < operand);
        expect(is("StringGreaterThanEquals")).toBe(s && (value as string) >= operand);
      }),
    );
  });

  it("the timestamp operators compare instants (offsets applied); a non-timestamp is not a match", () => {
    const instant = fc.integer({ min: 0, max: 4_000_000_000_000 });
    const iso = (ms: number, offsetHours: number) => {
      const local = new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19);
      const sign = offsetHours < 0 ? "-" : "+";
      return offsetHours === 0 ? `${local}Z` : `${local}${sign}${String(Math.abs(offsetHours)).padStart(2, "0")}:00`;
    };
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: -12, max: 12 }), (a, b, offset) => {
        const [sa, sb] = [Math.floor(a / 1000) * 1000, Math.floor(b / 1000) * 1000];
        const rule = (op: string) =>
          evaluateChoiceRule({ Variable: "$.v", [op]: iso(sb, 0) }, scopeOf({ v: iso(sa, offset) }));
        expect(rule("TimestampEquals")).toBe(sa === sb);
        expect(rule("TimestampLessThan")).toBe(sa < sb);
        expect(rule("TimestampGreaterThanEquals")).toBe(sa >= sb);
        expect(evaluateChoiceRule({ Variable: "$.v", TimestampEquals: iso(sb, 0) }, scopeOf({ v: sa }))).toBe(false);
      }),
    );
  });

  it("BooleanEquals matches booleans only; exactly one of IsNull/IsNumeric/IsString/IsBoolean holds for a scalar", () => {
    fc.assert(
      fc.property(json, fc.boolean(), (value, operand) => {
        const scope = scopeOf({ v: value });
        expect(evaluateChoiceRule({ Variable: "$.v", BooleanEquals: operand }, scope)).toBe(value === operand);
        const tests = {
          IsNull: "null",
          IsNumeric: "number",
          IsString: "string",
          IsBoolean: "boolean",
        } as const;
        for (const [test, type] of Object.entries(tests)) {
          expect(evaluateChoiceRule({ Variable: "$.v", [test]: true }, scope)).toBe(typeOf(value) === type);
          expect(evaluateChoiceRule({ Variable: "$.v", [test]: false }, scope)).toBe(typeOf(value) !== type);
        }
        expect(evaluateChoiceRule({ Variable: "$.v", IsPresent: true }, scope)).toBe(true);
      }),
    );
  });

  it("only IsPresent may test a path that is not there; any other test fails with States.Runtime", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          { IsNull: true },
          { IsString: false },
          { NumericEquals: 1 },
          { StringEquals: "a" },
          { BooleanEquals: true },
          { TimestampLessThan: "2026-01-01T00:00:00Z" },
        ),
        (test: JsonObject) => {
          expect(evaluateChoiceRule({ Variable: "$.missing", IsPresent: false }, scopeOf({}))).toBe(true);
          expect(errorOf(() => evaluateChoiceRule({ Variable: "$.missing", ...test }, scopeOf({})))).toBe(
            "States.Runtime",
          );
        },
      ),
    );
  });
});

describe("payload templates (Parameters, ResultSelector, ItemSelector)", () => {
  const key = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

  it("a key ending in .$ takes its path's value under the key without the suffix; other keys are copied as they are", () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, json, { maxKeys: 6 }),
        // Static values are copied as they are only when no key inside them ends in .$ (a nested template is evaluated).
        fc.dictionary(key, json, { maxKeys: 4 }).filter((d) => !JSON.stringify(d).includes('.$":')),
        (input, statics) => {
          const template: JsonObject = { ...statics };
          for (const k of Object.keys(input)) template[`${k}.$`] = `$.${k}`;
          const out = evaluatePayloadTemplate(template, scopeOf(input), createSeededRandom(1)) as JsonObject;
          for (const [k, v] of Object.entries(input)) expect(out[k]).toEqual(v);
          for (const [k, v] of Object.entries(statics)) if (!(k in input)) expect(out[k]).toEqual(v);
        },
      ),
    );
  });

  it("a .$ path that finds nothing fails with States.Runtime naming the field", () => {
    fc.assert(
      fc.property(key, fc.dictionary(key, json, { maxKeys: 3 }), (name, input) => {
        fc.pre(!(name in input));
        expect(() => evaluatePayloadTemplate({ "x.$": `$.${name}` }, scopeOf(input), createSeededRandom(1))).toThrow(
          `The JSONPath '$.${name}' specified for the field 'x.$' could not be found in the input`,
        );
      }),
    );
  });
});

describe("Wait and Map numbers", () => {
  it("Wait SecondsPath: a non-negative integer n waits exactly n seconds; anything else fails with States.Runtime", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Numbers up to a day (a wait past a year is AWS's "Wait state delay is too long."), any other JSON.
        fc.oneof(
          fc.integer({ min: -5, max: 86_400 }),
          fc.double({ min: -5, max: 86_400, noNaN: true }),
          json.filter((v) => typeof v !== "number"),
        ),
        async (seconds) => {
          const clock = createVirtualClock(0);
          const result = await executeStateMachine({
            definition: {
              StartAt: "W",
              States: { W: { Type: "Wait", SecondsPath: "$.s", End: true } },
            } as StateMachineDefinition,
            input: JSON.stringify({ s: seconds }),
            stateMachineName: "sm",
            executionName: "ex",
            clock,
            invoker: { invoke: () => Promise.resolve(null) },
            random: createSeededRandom(1),
          });
          const valid = typeof seconds === "number" && Number.isInteger(seconds) && seconds >= 0;
          expect(result.status).toBe(valid ? "SUCCEEDED" : "FAILED");
          // JSON has no -0: the input carries 0 (+ 0 turns -0 into 0 for the comparison).
          if (valid) expect(clock.now()).toBe(seconds * 1000 + 0);
          else expect(result.error).toBe("States.Runtime");
        },
      ),
      { numRuns: 60 },
    );
  });

  it("ToleratedFailurePercentage is 0–100, ToleratedFailureCount and MaxConcurrency ≥ 0 (0: no limit), batch limits ≥ 1", () => {
    fc.assert(
      fc.property(fc.double({ min: -200, max: 200, noNaN: true }), fc.integer({ min: -10, max: 10 }), (pct, n) => {
        const read = (field: Parameters<typeof numberField>[0], value: Json) => () =>
          numberField(field, undefined, "$.v", scopeOf({ v: value }));
        expect(errorOf(read("ToleratedFailurePercentagePath", pct))).toBe(
          pct >= 0 && pct <= 100 ? undefined : "States.Runtime",
        );
        expect(errorOf(read("ToleratedFailureCountPath", n))).toBe(n >= 0 ? undefined : "States.Runtime");
        expect(errorOf(read("MaxConcurrencyPath", n))).toBe(n >= 0 ? undefined : "States.Runtime");
        expect(errorOf(read("MaxItemsPerBatchPath", n))).toBe(n >= 1 ? undefined : "States.Runtime");
        expect(errorOf(read("MaxConcurrencyPath", String(n)))).toBe(n >= 0 ? undefined : "States.Runtime");
      }),
    );
  });
});
