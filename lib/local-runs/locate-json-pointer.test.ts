import { describe, expect, it } from "vitest";
import { locateJsonPointer } from "./locate-json-pointer";

const text = JSON.stringify(
  { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" }, "a/b": [1, { x: true }] } },
  null,
  2,
);

describe("locateJsonPointer", () => {
  it("spans the value a pointer names, with its line", () => {
    const range = locateJsonPointer(text, "/States/A/Next");
    expect(range && text.slice(range.start, range.end)).toBe('"Nowhere"');
    expect(range?.line).toBe(6);
  });

  it("reads escaped tokens and array indexes", () => {
    const range = locateJsonPointer(text, "/States/a~1b/1/x");
    expect(range && text.slice(range.start, range.end)).toBe("true");
  });

  it("points at the opening brace of the deepest existing parent when a member is missing", () => {
    const range = locateJsonPointer(text, "/States/A/End");
    expect(range && text.slice(range.start, range.end)).toBe("{");
    expect(range?.line).toBe(4);
  });

  it("spans the whole text for the root pointer and survives malformed JSON", () => {
    expect(locateJsonPointer(text, "")).toEqual({ start: 0, end: text.length, line: 1 });
    expect(locateJsonPointer('{"States": {"A": ', "/States/A/Type")).toEqual({ start: 17, end: 17, line: 1 });
    expect(locateJsonPointer("", "/x")).toEqual({ start: 0, end: 0, line: 1 });
  });
});
