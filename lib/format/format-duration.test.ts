import { describe, expect, it } from "vitest";
import { formatDuration } from "./format-duration";

describe("formatDuration", () => {
  it("shows sub-second durations in milliseconds", () => {
    expect(formatDuration(850)).toBe("850 ms");
  });
  it("shows seconds with one decimal under ten seconds", () => {
    expect(formatDuration(4_230)).toBe("4.2 s");
  });
  it("shows minutes and seconds, then hours and minutes, then days and hours", () => {
    expect(formatDuration(192_000)).toBe("3 m 12 s");
    expect(formatDuration(7_500_000)).toBe("2 h 5 m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3 d 4 h");
  });
  it("shows an em dash for an execution that has not ended", () => {
    expect(formatDuration(null)).toBe("—");
  });
});
