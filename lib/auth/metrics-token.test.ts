import { describe, expect, it } from "vitest";
import { anonymousActor } from "./actor";
import { assertMayScrape } from "./metrics-token";

describe("assertMayScrape", () => {
  const env = { STEPSCOPE_METRICS_TOKEN: "s3cret-scrape-token" };
  it("lets viewers and the bearer of the configured token scrape, nobody else", () => {
    expect(() => assertMayScrape(anonymousActor("viewer"), null, {})).not.toThrow();
    expect(() => assertMayScrape(anonymousActor(null), "Bearer s3cret-scrape-token", env)).not.toThrow();
    expect(() => assertMayScrape(anonymousActor(null), "Bearer wrong", env)).toThrow(
      /Bearer <STEPSCOPE_METRICS_TOKEN>/,
    );
    expect(() => assertMayScrape(anonymousActor(null), null, env)).toThrow(/Bearer/);
    expect(() => assertMayScrape(anonymousActor(null), "Bearer anything", {})).toThrow(/Sign in required/);
  });
});
