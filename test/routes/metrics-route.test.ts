import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { acceptsGzip } from "@/lib/api/compressed-text";
import { routeRequest, useDeclinedCheckout, type RouteHandler } from "./route-test-setup";

// GET /api/metrics: the same text plain or gzip'd, the gzip made once for every scrape until something is written.

useDeclinedCheckout();
let metricsGet: RouteHandler;

beforeAll(async () => {
  metricsGet = ((await import("@/app/api/metrics/route")) as { GET: RouteHandler }).GET;
});

const get = (headers: Record<string, string>) =>
  metricsGet(routeRequest("/api/metrics", headers), { params: Promise.resolve({}) });

describe("GET /api/metrics", () => {
  it("answers gzip to a scraper that accepts it, the same text as plain, and says it varies by encoding", async () => {
    const plain = await get({});
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const text = await plain.text();
    expect(text).toContain('stepscope_retries_total{state_machine="checkout",state="ChargeCard"');

    const zipped = await get({ "accept-encoding": "gzip, deflate, br" });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toBe("accept-encoding");
    expect(zipped.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString("utf8")).toBe(text);
  });

  it("reads Accept-Encoding as HTTP does: gzip;q=0 refuses it, * accepts it", () => {
    expect(acceptsGzip("gzip;q=0, br")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
    expect(acceptsGzip("br;q=1.0, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
  });
});
