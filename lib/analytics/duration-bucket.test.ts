import { describe, expect, it } from "vitest";
import { getBucketUpperMs, getDurationBucket, getHistogramQuantile } from "./duration-bucket";

describe("duration histogram", () => {
  it("puts a duration in the bucket whose upper bound is at or just above it", () => {
    for (const ms of [100, 1_000, 1_234, 60_000, 86_400_000]) {
      const b = getDurationBucket(ms);
      expect(getBucketUpperMs(b)).toBeGreaterThanOrEqual(ms);
      expect(getBucketUpperMs(b - 1)).toBeLessThan(ms);
    }
    expect(getDurationBucket(1024)).toBe(80);
  });

  it("reads p50/p95/p99 as bucket upper bounds", () => {
    // 90 executions of 1,024 ms (bucket 80), 10 of 4,096 ms (bucket 96)
    const h: [number, number][] = [
      [80, 90],
      [96, 10],
    ];
    expect(getHistogramQuantile(h, 0.5)).toBe(1024);
    expect(getHistogramQuantile(h, 0.9)).toBe(1024);
    expect(getHistogramQuantile(h, 0.95)).toBe(4096);
    expect(getHistogramQuantile([], 0.5)).toBeNull();
  });
});
