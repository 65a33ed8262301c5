import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateIntrinsic } from "./intrinsics";
import { parseIntrinsic } from "./parse-intrinsic";
import { createSeededRandom } from "./seeded-random";
import { StatesError } from "./states-error";
import type { Json } from "./types";

/**
 * Properties of every intrinsic function against the AWS documentation ("Intrinsic functions for
 * JSONPath states"): argument types, empty values, limits (`States.ArrayRange` at most 1,000
 * items; the input of `States.Base64Encode`/`Base64Decode`/`Hash` at most 10,000 characters),
 * and `States.IntrinsicFailure` for bad arguments.
 */

/** Calls `States.<name>` on the given arguments (passed as `$.a0`, `$.a1`, …). */
function call(name: string, ...args: Json[]): Json {
  return callSeeded(7, name, ...args);
}

function callSeeded(seed: number, name: string, ...args: Json[]): Json {
  const input: Record<string, Json> = {};
  args.forEach((a, i) => (input[`a${i}`] = a));
  const expression = `States.${name}(${args.map((_, i) => `$.a${i}`).join(", ")})`;
  return evaluateIntrinsic(parseIntrinsic(expression), { input, context: {}, variables: {} }, createSeededRandom(seed));
}

function failure(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    if (err instanceof StatesError) return err.error;
    throw err;
  }
}

/** JSON values as a JSON document carries them (no -0, no `__proto__` surprises). */
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as Json);
const jsonArray = fc.array(json, { maxLength: 20 });
const notArray = json.filter((v) => !Array.isArray(v));
const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

describe("array intrinsics", () => {
  it("States.Array returns its arguments, in order", () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 6 }), (args) => {
        expect(call("Array", ...args)).toEqual(args);
      }),
    );
  });

  it("States.ArrayPartition: the chunks concatenate to the input, each has the chunk size but the last (1..size)", () => {
    fc.assert(
      fc.property(jsonArray, fc.integer({ min: 1, max: 25 }), (items, size) => {
        const chunks = call("ArrayPartition", items, size) as Json[][];
        expect(chunks.flat(1)).toEqual(items);
        expect(chunks.length).toBe(Math.ceil(items.length / size));
        chunks.forEach((c, i) => {
          expect(c.length).toBeGreaterThan(0);
          if (i < chunks.length - 1) expect(c.length).toBe(size);
          else expect(c.length).toBeLessThanOrEqual(size);
        });
      }),
    );
  });

  it("States.ArrayPartition fails for a chunk size that is not a positive integer, or a non-array", () => {
    fc.assert(
      fc.property(
        jsonArray,
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
        ),
        (items, size) => {
          expect(failure(() => call("ArrayPartition", items, size))).toBe("States.IntrinsicFailure");
        },
      ),
    );
    fc.assert(
      fc.property(notArray, (v) => {
        expect(failure(() => call("ArrayPartition", v, 2))).toBe("States.IntrinsicFailure");
      }),
    );
  });

  it("States.ArrayContains is true exactly when an equal value is in the array", () => {
    fc.assert(
      fc.property(jsonArray, json, (items, value) => {
        expect(call("ArrayContains", items, value)).toBe(items.some((i) => same(i, value)));
        if (items.length > 0) expect(call("ArrayContains", items, items[items.length - 1] as Json)).toBe(true);
      }),
    );
  });

  it("States.ArrayRange: start, then step by step up to end; at most 1,000 items, else a failure", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2000, max: 2000 }),
        fc.integer({ min: -2000, max: 2000 }),
        fc.integer({ min: -50, max: 50 }).filter((s) => s !== 0),
        (start, end, step) => {
          const expected = (step > 0 ? end >= start : end <= start) ? Math.floor((end - start) / step) + 1 : 0;
          if (expected > 1000) {
            expect(failure(() => call("ArrayRange", start, end, step))).toBe("States.IntrinsicFailure");
            return;
          }
          const out = call("ArrayRange", start, end, step) as number[];
          expect(out.length).toBe(expected);
          if (out.length > 0) expect(out[0]).toBe(start);
          out.forEach((v, i) => {
            if (i > 0) expect(v - (out[i - 1] as number)).toBe(step);
            expect(step > 0 ? v <= end : v >= end).toBe(true);
          });
        },
      ),
    );
    expect(failure(() => call("ArrayRange", 1, 5, 0))).toBe("States.IntrinsicFailure");
    expect((call("ArrayRange", 1, 1000, 1) as number[]).length).toBe(1000);
    expect(failure(() => call("ArrayRange", 0, 1000, 1))).toBe("States.IntrinsicFailure");
  });

  it("States.ArrayGetItem returns the item at an index in range, and fails outside it", () => {
    fc.assert(
      fc.property(jsonArray, fc.integer({ min: -5, max: 30 }), (items, index) => {
        if (index >= 0 && index < items.length) expect(call("ArrayGetItem", items, index)).toEqual(items[index]);
        else expect(failure(() => call("ArrayGetItem", items, index))).toBe("States.IntrinsicFailure");
      }),
    );
  });

  it("States.ArrayLength is the number of items (0 for []), and fails for a non-array", () => {
    fc.assert(
      fc.property(jsonArray, (items) => {
        expect(call("ArrayLength", items)).toBe(items.length);
      }),
    );
    fc.assert(
      fc.property(notArray, (v) => {
        expect(failure(() => call("ArrayLength", v))).toBe("States.IntrinsicFailure");
      }),
    );
  });

  it("States.ArrayUnique keeps the first of each equal value, in order, and nothing else", () => {
    fc.assert(
      fc.property(jsonArray, (items) => {
        const out = call("ArrayUnique", items) as Json[];
        const firsts = items.filter((v, i) => items.findIndex((w) => same(v, w)) === i);
        expect(out).toEqual(firsts);
        expect(call("ArrayUnique", out)).toEqual(out);
      }),
    );
  });
});

describe("encoding and hashing intrinsics", () => {
  const text = fc.string({ maxLength: 300, unit: "grapheme" });

  it("States.Base64Encode is UTF-8 base64, and States.Base64Decode inverts it", () => {
    fc.assert(
      fc.property(text, (s) => {
        const encoded = call("Base64Encode", s) as string;
        expect(encoded).toBe(Buffer.from(s, "utf8").toString("base64"));
        expect(call("Base64Decode", encoded)).toBe(s);
      }),
    );
  });

  it("States.Base64Encode/Decode and States.Hash take at most 10,000 characters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 9_990, max: 10_010 }), (n) => {
        const input = "a".repeat(n);
        const over = n > 10_000;
        expect(failure(() => call("Base64Encode", input))).toBe(over ? "States.IntrinsicFailure" : undefined);
        expect(failure(() => call("Hash", input, "SHA-256"))).toBe(over ? "States.IntrinsicFailure" : undefined);
        // Base64 text of n characters ("aaaa" is valid base64 when n is a multiple of 4).
        const b64 = "A".repeat(n - (n % 4));
        expect(failure(() => call("Base64Decode", b64))).toBe(
          b64.length > 10_000 ? "States.IntrinsicFailure" : undefined,
        );
      }),
      { numRuns: 40 },
    );
  });

  it("States.Hash gives the hex digest of each documented algorithm, and fails for any other name", () => {
    const algorithms = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
    fc.assert(
      fc.property(text, fc.constantFrom(...Object.keys(algorithms)), (s, algorithm) => {
        const node = algorithms[algorithm as keyof typeof algorithms];
        expect(call("Hash", s, algorithm)).toBe(createHash(node).update(s, "utf8").digest("hex"));
      }),
    );
    fc.assert(
      fc.property(
        text,
        fc.string({ maxLength: 10 }).filter((a) => !(a in algorithms)),
        (s, algorithm) => {
          expect(failure(() => call("Hash", s, algorithm))).toBe("States.IntrinsicFailure");
        },
      ),
    );
  });
});

describe("JSON, math, string and id intrinsics", () => {
  it("States.StringToJson inverts States.JsonToString for every JSON value", () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(call("StringToJson", call("JsonToString", v))).toEqual(v);
      }),
    );
  });

  it("States.StringToJson fails for text that is not JSON", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        let valid = true;
        try {
          JSON.parse(s);
        } catch {
          valid = false;
        }
        if (!valid) expect(failure(() => call("StringToJson", s))).toBe("States.IntrinsicFailure");
      }),
    );
  });

  it("States.JsonMerge (shallow) has every key of both, the second's value winning; deep merge and non-objects fail", () => {
    const object = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e"), json, { maxKeys: 5 });
    fc.assert(
      fc.property(object, object, (a, b) => {
        const merged = call("JsonMerge", a, b, false) as Record<string, Json>;
        expect(Object.keys(merged).sort()).toEqual([...new Set([...Object.keys(a), ...Object.keys(b)])].sort());
        for (const [k, v] of Object.entries(merged)) expect(v).toEqual(k in b ? b[k] : a[k]);
        expect(failure(() => call("JsonMerge", a, b, true))).toBe("States.IntrinsicFailure");
      }),
    );
    fc.assert(
      fc.property(jsonArray, (v) => {
        expect(failure(() => call("JsonMerge", v, {}, false))).toBe("States.IntrinsicFailure");
      }),
    );
  });

  it("States.MathRandom gives an integer in [start, end)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1_000_000 })),
        fc.integer(),
        (start, width, seed) => {
          const v = callSeeded(seed, "MathRandom", start, start + width) as number;
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(start);
          expect(v).toBeLessThan(start + width);
        },
      ),
    );
  });

  it("States.MathAdd adds integers exactly, and fails for a non-number", () => {
    const int = fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });
    fc.assert(
      fc.property(int, int, (a, b) => {
        expect(call("MathAdd", a, b)).toBe(a + b);
      }),
    );
    fc.assert(
      fc.property(
        json.filter((v) => typeof v !== "number"),
        (v) => {
          expect(failure(() => call("MathAdd", v, 1))).toBe("States.IntrinsicFailure");
        },
      ),
    );
  });

  it("States.StringSplit: no empty piece, no piece holds a separator, and the pieces are the text without separators", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ minLength: 1, maxLength: 3 }), (s, separators) => {
        const pieces = call("StringSplit", s, separators) as string[];
        const seps = new Set([...separators]);
        for (const p of pieces) {
          expect(p.length).toBeGreaterThan(0);
          expect([...p].some((c) => seps.has(c))).toBe(false);
        }
        expect(pieces.join("")).toBe([...s].filter((c) => !seps.has(c)).join(""));
      }),
    );
  });

  it("States.Format puts each argument in its {} in order, and fails when the counts differ", () => {
    const plain = fc.string({ maxLength: 10 }).filter((s) => !/[{}\\']/.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, plain), { maxLength: 5 }), plain, (parts, tail) => {
        const template = parts.map(([lit]) => `${lit}{}`).join("") + tail;
        const args = parts.map(([, arg]) => arg);
        const expected = parts.map(([lit, arg]) => lit + arg).join("") + tail;
        expect(call("Format", template, ...args)).toBe(expected);
        expect(failure(() => call("Format", template, ...args, "extra"))).toBe("States.IntrinsicFailure");
        if (args.length > 0)
          expect(failure(() => call("Format", template, ...args.slice(1)))).toBe("States.IntrinsicFailure");
      }),
    );
  });

  it("States.UUID is a version-4 UUID", () => {
    expect(call("UUID")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
