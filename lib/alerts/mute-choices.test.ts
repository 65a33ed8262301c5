import { describe, expect, it } from "vitest";
import { muteChoices, muteMinutesUntil } from "./mute-choices";

describe("muteMinutesUntil", () => {
  const now = new Date(2026, 11, 4, 10, 0, 30);
  it("counts the minutes until a local date and time, rounded up", () => {
    expect(muteMinutesUntil("2026-12-04T12:00", now)).toEqual({ minutes: 120 });
    expect(muteMinutesUntil("2026-12-05T10:00", now)).toEqual({ minutes: 1_440 });
  });
  it("refuses an empty value, the past, and more than a year", () => {
    expect(muteMinutesUntil("", now)).toEqual({ error: "choose a date and time" });
    expect(muteMinutesUntil("2026-12-04T09:00", now)).toEqual({ error: "choose a time in the future" });
    expect(muteMinutesUntil("2028-01-01T00:00", now)).toEqual({ error: "a mute lasts a year at the most" });
  });
  it("offers 1 h, 4 h and 24 h", () => {
    expect(muteChoices.map((c) => c.minutes)).toEqual([60, 240, 1_440]);
  });
});
