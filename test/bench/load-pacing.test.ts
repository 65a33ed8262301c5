import { describe, expect, it } from "vitest";
import { addInstanceResult, emptyFigures, latencySummary, userPhasesMs } from "../../bench/load/pacing";

describe("bench:load pacing", () => {
  it("gives each user its own phase within the period, the same for the same seed", () => {
    const phases = userPhasesMs(1000, 1, 7);
    expect(userPhasesMs(1000, 1, 7)).toEqual(phases);
    expect(userPhasesMs(1000, 1, 8)).not.toEqual(phases);
    expect(phases.every((p) => p >= 0 && p < 1000)).toBe(true);
    // Spread over the whole period, not bunched: each tenth of it holds about a tenth of the users.
    for (let d = 0; d < 10; d++) {
      const inTenth = phases.filter((p) => p >= d * 100 && p < (d + 1) * 100).length;
      expect(inTenth).toBeGreaterThan(60);
      expect(inTenth).toBeLessThan(140);
    }
    expect(userPhasesMs(50, 4, 1).every((p) => p >= 0 && p < 250)).toBe(true);
    expect(() => userPhasesMs(3, 0, 1)).toThrow(/rate must be > 0/);
  });

  it("computes a route's percentiles over all its users' requests, not from each user's", () => {
    // One user always fast, one always slow: averaging their p99s would say 505 ms.
    const fast = Array.from({ length: 99 }, () => 10);
    const slow = [1000];
    const merged = latencySummary([...fast, ...slow], null);
    expect(merged).toEqual({ p50: 10, p99: 10, max: 1000, count: 100 });
    expect(latencySummary([...fast, 1000, 1000], null).p99).toBe(1000);
    expect(latencySummary([], null).p99).toBeNaN();
  });

  it("counts the requests a paced user could not send while it waited past its period", () => {
    // Answered after 2.5 periods: the requests due 1 and 2 periods later waited 1.5 and 0.5 periods;
    // HdrHistogram's correction records the ones that waited at least a period.
    expect(latencySummary([2500], 1000)).toEqual({ p50: 1500, p99: 2500, max: 2500, count: 2 });
    expect(latencySummary([999, 50], 1000).count).toBe(2);
    expect(latencySummary([2500], null).count).toBe(1);
  });

  it("sums the instances' counters of a route, in flight being sent minus answered minus failed", () => {
    const f = emptyFigures();
    addInstanceResult(f, { requests: { sent: 61, total: 60 }, errors: 0, timeouts: 0, non2xx: 1 });
    addInstanceResult(f, { requests: { sent: 60, total: 57 }, errors: 2, timeouts: 1, non2xx: 0 });
    expect(f).toMatchObject({ answered: 117, non2xx: 1, errors: 2, timeouts: 1, inFlight: 2 });
  });
});
