import { describe, expect, it } from "vitest";
import { iterationParams, iterationParamsSchema } from "./overlay-iterations";

describe("overlay iteration params", () => {
  it("round-trips choices whose Map ids hold colons and slashes, in one order whatever the insertion order", () => {
    const a = new Map([
      ["Outer/items/In:ner", 12],
      ["Alpha", 0],
    ]);
    const b = new Map([
      ["Alpha", 0],
      ["Outer/items/In:ner", 12],
    ]);
    expect(iterationParams(a)).toEqual(["0:Alpha", "12:Outer/items/In:ner"]);
    expect(iterationParams(b)).toEqual(iterationParams(a));
    expect(iterationParamsSchema.parse(iterationParams(a))).toEqual(a);
  });

  it("refuses a value without an index, naming the expected shape", () => {
    const r = iterationParamsSchema.safeParse(["ProcessImages"]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('"<iteration index>:<Map state id>"');
    expect(r.error?.issues[0]?.path).toEqual([0]);
  });
});
