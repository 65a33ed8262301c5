import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exceedsPayloadLimit, PAYLOAD_LIMIT_BYTES, utf8ByteLength } from "./event-details";

describe("utf8ByteLength", () => {
  it("counts what TextEncoder writes, lone surrogates (U+FFFD) included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
      }),
    );
    for (const text of ["", "a", "é", "€", "😀", "\ud83d", "\ude00", "\ude00\ud83d", "a\ud83dé", "\ud83d\ud83d\ude00"])
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
  });

  it("stops counting once past the bound: some count above it", () => {
    expect(utf8ByteLength("éééééé", 2)).toBe(4);
    expect(utf8ByteLength("abcdef", 2)).toBeGreaterThan(2);
  });
});

describe("exceedsPayloadLimit", () => {
  it("is over AWS's 256 KiB limit from the first byte past it, in UTF-8 bytes", () => {
    expect(exceedsPayloadLimit("a".repeat(PAYLOAD_LIMIT_BYTES))).toBe(false);
    expect(exceedsPayloadLimit("a".repeat(PAYLOAD_LIMIT_BYTES + 1))).toBe(true);
    // 87,381 × 3 bytes = 262,143: one byte under; one more "€" is over.
    expect(exceedsPayloadLimit("€".repeat(87_381))).toBe(false);
    expect(exceedsPayloadLimit("€".repeat(87_382))).toBe(true);
    // A surrogate pair is 4 bytes, not 2 × 3.
    expect(exceedsPayloadLimit("😀".repeat(PAYLOAD_LIMIT_BYTES / 4))).toBe(false);
    expect(exceedsPayloadLimit(`${"😀".repeat(PAYLOAD_LIMIT_BYTES / 4)}a`)).toBe(true);
  });
});
