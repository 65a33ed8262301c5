import { describe, expect, it } from "vitest";
import { evaluateIntrinsic } from "./intrinsics";
import { parseIntrinsic } from "./parse-intrinsic";
import { createSeededRandom } from "./seeded-random";
import type { Json } from "./types";

const scope = {
  input: { a: [1, 2, 2, 3], s: "a,b;c", n: 2.6 } as Json,
  context: {},
  variables: { v: "x" } as Record<string, Json>,
};
const run = (text: string): Json => evaluateIntrinsic(parseIntrinsic(text), scope, createSeededRandom(1));

describe("intrinsic functions", () => {
  it("formats strings, objects Java-style, and keeps escaped braces", () => {
    expect(run("States.Format('{} and {} \\{\\}', $v, States.Array(1, 'b'))")).toBe("x and [1, b] {}");
  });

  it("evaluates nested calls over paths and variables", () => {
    expect(run("States.ArrayLength(States.ArrayUnique($.a))")).toBe(3);
    expect(run("States.StringSplit($.s, ',;')")).toEqual(["a", "b", "c"]);
    expect(run("States.ArrayPartition($.a, 3)")).toEqual([[1, 2, 2], [3]]);
  });

  it("MathAdd rounds its arguments like AWS", () => {
    expect(run("States.MathAdd($.n, 1)")).toBe(4);
  });

  it("round-trips base64 and JSON", () => {
    expect(run("States.Base64Decode(States.Base64Encode('héllo'))")).toBe("héllo");
    expect(run("States.StringToJson(States.JsonToString($.a))")).toEqual([1, 2, 2, 3]);
  });

  it("rejects unknown functions when parsing", () => {
    expect(() => parseIntrinsic("States.Nope()")).toThrow(/unknown intrinsic/);
  });
  it("checks sizes before allocating: ArrayRange's 1,000 items, the 10,000-character encode inputs, the 256 KiB payload", () => {
    const started = performance.now();
    expect(() => run("States.ArrayRange(1, 1000000000, 1)")).toThrow(/more than 1000 items/);
    expect(() => run("States.ArrayRange(1, 1000000000, 1)")).toThrow(
      expect.objectContaining({ error: "States.IntrinsicFailure" }),
    );
    expect(run("States.ArrayRange(10, 1, -3)")).toEqual([10, 7, 4, 1]);
    expect(run("States.ArrayLength(States.ArrayRange(1, 1000, 1))")).toBe(1000);
    const big = { input: { s: "x".repeat(10_001), k: "k".repeat(200_000) } as Json, context: {}, variables: {} };
    const runBig = (text: string): Json => evaluateIntrinsic(parseIntrinsic(text), big, createSeededRandom(1));
    for (const fn of ["Base64Encode", "Base64Decode", "Hash"]) {
      expect(() => runBig(`States.${fn}($.s${fn === "Hash" ? ", 'SHA-256'" : ""})`)).toThrow(
        /more than 10000 characters/,
      );
    }
    expect(() => runBig("States.Array($.k, $.k)")).toThrow(
      expect.objectContaining({ error: "States.DataLimitExceeded" }),
    );
    expect(() => runBig("States.Format('{}{}', $.k, $.k)")).toThrow(
      expect.objectContaining({ error: "States.DataLimitExceeded" }),
    );
    expect(() => runBig("States.JsonToString(States.Array($.k, $.k))")).toThrow(
      expect.objectContaining({ error: "States.DataLimitExceeded" }),
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
