import { describe, expect, it } from "vitest";
import { checkReplayInput, replayCompareHref } from "./local-replay-client";

describe("local replay client helpers", () => {
  it("opens the replay's Compare tab against the original, both ARNs encoded", () => {
    const href = replayCompareHref(
      "arn:aws:states:us-east-1:1:execution:sm:a-replay-1",
      "arn:aws:states:us-east-1:1:execution:sm:a",
    );
    expect(href).toBe(
      "/executions/arn%3Aaws%3Astates%3Aus-east-1%3A1%3Aexecution%3Asm%3Aa-replay-1?tab=compare&with=arn%3Aaws%3Astates%3Aus-east-1%3A1%3Aexecution%3Asm%3Aa",
    );
  });

  it("names /input when the edited input is not JSON", () => {
    expect(checkReplayInput('{"a":1}')).toBeNull();
    expect(checkReplayInput("{a")).toMatchObject({
      path: "/input",
      message: expect.stringMatching(/^not JSON: /) as unknown,
    });
  });
});
