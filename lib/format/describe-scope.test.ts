import { describe, expect, it } from "vitest";
import { describeScope } from "./describe-scope";

describe("describeScope", () => {
  it("numbers branches from 1 as the graph labels them, and keeps AWS's 0-based Map item index", () => {
    expect(
      describeScope([
        { kind: "parallel-branch", state: "Fan", index: 0 },
        { kind: "map-iteration", state: "Items", index: 14 },
      ]),
    ).toBe('Parallel "Fan" branch 1 › Map "Items" iteration 14');
    expect(describeScope([])).toBe("");
  });
});
