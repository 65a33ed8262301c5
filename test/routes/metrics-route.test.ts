import { beforeAll, describe, expect, it } from "vitest";
import { routeRequest, useDeclinedCheckout, type RouteHandler } from "./route-test-setup";

// GET /api/metrics: the Prometheus text, uncompressed by the handler (Next.js compresses on the
// wire; a body gzip'd here went out gzip'd twice: e2e/analytics.spec.ts reads it through the server).

useDeclinedCheckout();
let metricsGet: RouteHandler;

beforeAll(async () => {
  metricsGet = ((await import("@/app/api/metrics/route")) as { GET: RouteHandler }).GET;
});

const get = (headers: Record<string, string>) =>
  metricsGet(routeRequest("/api/metrics", headers), { params: Promise.resolve({}) });

describe("GET /api/metrics", () => {
  it("answers the same Prometheus text whatever encodings the scraper accepts, leaving compression to the server", async () => {
    const plain = await get({});
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await plain.text();
    expect(text).toContain('stepscope_retries_total{state_machine="checkout",state="ChargeCard"');
    const asked = await get({ "accept-encoding": "gzip, deflate, br" });
    expect(asked.headers.get("content-encoding")).toBeNull();
    expect(await asked.text()).toBe(text);
  });
});
