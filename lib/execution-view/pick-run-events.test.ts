import { describe, expect, it } from "vitest";
import { pickRunEvents } from "./pick-run-events";

const ev = (id: number, previousEventId: number, stateName: string | null = null) => ({
  id,
  previousEventId,
  stateName,
});

describe("pickRunEvents", () => {
  it("follows the previousEventId chain, skipping a concurrent branch's interleaved events", () => {
    const range = [ev(10, 9, "A"), ev(11, 9, "B"), ev(12, 10, "A"), ev(13, 11, "B"), ev(14, 12, "A")];
    expect(pickRunEvents(range, { name: "A", enteredEventId: 10, exitedEventId: 14 }).map((e) => e.id)).toEqual([
      10, 12, 14,
    ]);
  });

  it("falls back to the state's name when the run is still open", () => {
    const range = [ev(10, 9, "A"), ev(11, 9, "B"), ev(12, 10, "A")];
    expect(pickRunEvents(range, { name: "A", enteredEventId: 10, exitedEventId: null }).map((e) => e.id)).toEqual([
      10, 12,
    ]);
  });
});
