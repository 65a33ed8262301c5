import { describe, expect, it } from "vitest";
import { defaultPriceTable } from "./price-table";
import { priceUsage, type UsageDay } from "./price-usage";

const day = (over: Partial<UsageDay>): UsageDay => ({
  day: "2024-03-01",
  stateMachine: "a",
  type: "STANDARD",
  region: "us-east-1",
  account: "1",
  executions: 0,
  transitions: 0,
  billedMbMs: 0,
  ...over,
});

describe("priceUsage", () => {
  it("shares one account's free tier across its machines and regions, earliest days first", () => {
    const priced = priceUsage(
      [
        day({ day: "2024-03-01", stateMachine: "a", transitions: 3_000 }),
        day({ day: "2024-03-02", stateMachine: "a", transitions: 2_000 }),
        day({ day: "2024-03-02", stateMachine: "b", region: "sa-east-1", transitions: 2_000 }),
      ],
      defaultPriceTable,
    );
    // 4,000 free: all 3,000 of the 1st, 1,000 of the 2nd's 4,000 → 3/4 of each row billed on the 2nd.
    // a: 1,500 × $0.025/1000 = $0.0375; b: 1,500 × $0.0375/1000 = $0.05625
    expect(priced.map((p) => p.usd)).toEqual([0, expect.closeTo(0.0375, 12), expect.closeTo(0.05625, 12)]);
    // As Express (no durations recorded): 1 request each execution; none here.
    expect(priced[1]!.otherTypeUsd).toBe(0);
  });

  it("prices Express requests and GB-seconds, and an Express machine as Standard by its transitions", () => {
    // 1,000 executions × 1,300 ms × 64 MB = 83,200,000 MB·ms = 81.25 GB-s
    const [p] = priceUsage(
      [day({ type: "EXPRESS", executions: 1_000, transitions: 5_000, billedMbMs: 1_000 * 1_300 * 64 })],
      defaultPriceTable,
    );
    expect(p!.gbSeconds).toBeCloseTo(81.25, 9);
    // $0.001 requests + 81.25 / 3600 × $0.06 = $0.001 + $0.00135417
    expect(p!.usd).toBeCloseTo(0.001 + (81.25 / 3600) * 0.06, 12);
    // As Standard: 5,000 × $0.025 / 1000 = $0.125
    expect(p!.otherTypeUsd).toBeCloseTo(0.125, 12);
  });
});
