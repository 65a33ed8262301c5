// GET /api/metrics — executions, failures by signature, retries and estimated cost in the Prometheus text format
import { withRoute } from "@/lib/api/with-route";
import { toPrometheusText } from "@/lib/analytics/prometheus-text";
import { assertMayScrape } from "@/lib/auth/metrics-token";
import { readDb } from "@/lib/api/read-your-writes";
import { getMetrics } from "@/lib/queries/get-metrics";
import { cachedRead } from "@/lib/queries/cached-read";
import { compressedText, compressedTextResponse } from "@/lib/api/compressed-text";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async (req, { actor }) => {
    assertMayScrape(actor, req.headers.get("authorization"));
    const db = await readDb();
    // Every scraper (and the same one again) shares one rendering, and its gzip, until something is written.
    const body = await cachedRead(db, ["metrics"], async () => compressedText(toPrometheusText(await getMetrics(db))));
    return compressedTextResponse(body, req.headers.get("accept-encoding"), "text/plain; version=0.0.4; charset=utf-8");
  },
  { role: "public" },
);
