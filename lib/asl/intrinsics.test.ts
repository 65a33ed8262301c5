import { describe, expect, it } from "vitest";
import { evaluateIntrinsic, parseIntrinsic } from "./intrinsics";
import { createSeededRandom } from "./seeded-random";
import type { Json } from "./types";

const scope = { input: { a: [1, 2, 2, 3], s: "a,b;c", n: 2.6 } as Json, context: {}, variables: { v: "x" } as Record<string, Json> };
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
});
