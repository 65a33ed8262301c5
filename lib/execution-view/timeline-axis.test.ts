import { describe, expect, it } from "vitest";
import { tickLabelWidth, timelineTicks } from "./timeline-axis";

/** Each kept label's horizontal extent, as the timeline draws it. */
function extents(spanMs: number, widthPx: number) {
  return timelineTicks(spanMs, widthPx).map((t) => {
    const w = tickLabelWidth(t.label);
    return { ...t, left: t.align === "start" ? t.x : t.x - w, right: t.align === "start" ? t.x + w : t.x };
  });
}

describe("timelineTicks", () => {
  it("never lets two labels touch, and keeps every label inside the axis", () => {
    const spans = [1, 7, 950, 12_345, 61_000, 85_000, 86_400, 3_599_000, 7_300_000, 90_000_000, 400_000_000];
    const widths = [200, 333, 640, 1_000, 1_366 - 260, 1_920 - 260, 5_000];
    for (const span of spans)
      for (const width of widths) {
        const ticks = extents(span, width);
        expect(ticks[0]).toMatchObject({ ms: 0, label: "0", x: 0, align: "start" });
        for (const t of ticks) {
          expect(t.left).toBeGreaterThanOrEqual(0);
          expect(t.right).toBeLessThanOrEqual(width);
        }
        for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.left).toBeGreaterThan(ticks[i - 1]!.right);
      }
  });

  it("leaves out the tick whose leftward label would run into the one before (the '+1 m 10 s' / '+1 m 20 s' case)", () => {
    // 85 s over 1,000 px: a tick every 10 s; "+1 m 20 s" sits 59 px from the end, so it reads leftwards
    // and would cover "+1 m 10 s", which starts 176 px from the end.
    const ticks = timelineTicks(85_000, 1_000);
    const labels = ticks.map((t) => t.label);
    expect(labels).toContain("+1 m 10 s");
    expect(labels).not.toContain("+1 m 20 s");
    expect(ticks.every((t) => t.align === "start")).toBe(true);
  });

  it("reads the last label leftwards when it fits that way, and keeps about one tick per 90 px", () => {
    const ticks = timelineTicks(60_000, 900);
    expect(ticks.at(-1)).toMatchObject({ label: "+1 m 0 s", align: "end", x: 900 });
    expect(ticks.map((t) => t.ms)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it("answers one tick for an empty span or axis", () => {
    expect(timelineTicks(0, 800)).toEqual([{ ms: 0, label: "0", x: 0, align: "start" }]);
    expect(timelineTicks(5_000, 0)).toEqual([{ ms: 0, label: "0", x: 0, align: "start" }]);
  });
});
