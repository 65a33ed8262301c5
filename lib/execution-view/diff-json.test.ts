import { describe, expect, it } from "vitest";
import { diffJson, parseJsonPayload } from "./diff-json";

describe("diffJson", () => {
  it("finds nothing between equal documents", () => {
    expect(diffJson({ a: [1, { b: null }], c: "x" }, { c: "x", a: [1, { b: null }] })).toEqual([]);
  });

  it("lists added, removed and changed paths with old and new values", () => {
    expect(diffJson({ a: 1, b: { c: true }, gone: "x" }, { a: 2, b: { c: true, d: [1] }, extra: null })).toEqual([
      { kind: "changed", path: "/a", oldValue: 1, newValue: 2 },
      { kind: "added", path: "/b/d", newValue: [1] },
      { kind: "removed", path: "/gone", oldValue: "x" },
      { kind: "added", path: "/extra", newValue: null },
    ]);
  });

  it("walks arrays by index", () => {
    expect(diffJson([1, 2, 3], [1, 5])).toEqual([
      { kind: "changed", path: "/1", oldValue: 2, newValue: 5 },
      { kind: "removed", path: "/2", oldValue: 3 },
    ]);
    expect(diffJson({ l: [] }, { l: [{ x: 1 }] })).toEqual([{ kind: "added", path: "/l/0", newValue: { x: 1 } }]);
  });

  it("escapes ~ and / in keys as JSON Pointer does", () => {
    expect(diffJson({ "a/b": 1, "m~n": 1 }, { "a/b": 2, "m~n": 2 }).map((c) => c.path)).toEqual(["/a~1b", "/m~0n"]);
  });

  it("reports a change of kind as one change at that path, the root as the empty pointer", () => {
    expect(diffJson({ a: [1] }, { a: { 0: 1 } })).toEqual([
      { kind: "changed", path: "/a", oldValue: [1], newValue: { 0: 1 } },
    ]);
    expect(diffJson("x", 3)).toEqual([{ kind: "changed", path: "", oldValue: "x", newValue: 3 }]);
    expect(diffJson(null, {})).toEqual([{ kind: "changed", path: "", oldValue: null, newValue: {} }]);
  });

  it("parses stored payloads leniently", () => {
    expect(parseJsonPayload('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonPayload(null)).toBeUndefined();
    expect(parseJsonPayload("not json")).toBe("not json");
  });
});
