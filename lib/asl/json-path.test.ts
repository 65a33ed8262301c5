import { describe, expect, it } from "vitest";
import { readPath, writePath } from "./json-path";

describe("JSONPath as AWS reads it", () => {
  it("ignores whitespace after a path", () => {
    expect(readPath("$.a ", { a: 1 }, "States.Runtime")).toBe(1);
    expect(readPath("$.a.b  ", { a: { b: [2] } }, "States.Runtime")).toEqual([2]);
    expect(readPath("$.items[*].id ", { items: [{ id: 1 }, { id: 2 }] }, "States.Runtime")).toEqual([1, 2]);
    expect(writePath("$.r ", { a: 1 }, 2)).toEqual({ a: 1, r: 2 });
  });

  it("matches nothing when [n] is applied to an object, even one with a member named n", () => {
    const input = { list: [{ o: { "0": "member" } }, { o: ["element"] }] };
    expect(readPath("$.list[*].o[0]", input, "States.Runtime")).toEqual(["element"]);
    expect(() => readPath("$.list[0].o[0]", input, "States.Runtime")).toThrow(
      expect.objectContaining({ error: "States.Runtime" }),
    );
    // A quoted name still reads the member.
    expect(readPath("$.list[0].o['0']", input, "States.Runtime")).toBe("member");
  });

  it("keeps [n] on arrays, inside filters and in slices as they were", () => {
    const input = {
      rows: [
        [1, 2],
        [3, 4],
      ],
      xs: [{ v: [5] }, { v: [6] }],
    };
    expect(readPath("$.rows[*][1]", input, "States.Runtime")).toEqual([2, 4]);
    expect(readPath("$.xs[?(@.v[0] > 5)].v[0]", input, "States.Runtime")).toEqual([6]);
    expect(readPath("$.rows[0:1]", input, "States.Runtime")).toEqual([[1, 2]]);
  });
});
