// GET /api/metrics — executions, failures by signature, retries and estimated cost in the Prometheus text format
import { withRoute } from "@/lib/api/with-route";
import { toPrometheusText } from "@/lib/analytics/prometheus-text";
import { assertMayScrape } from "@/lib/auth/metrics-token";
import { readDb } from "@/lib/api/read-your-writes";
import { getMetrics } from "@/lib/queries/get-metrics";
import { cachedRead } from "@/lib/queries/cached-read";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async (req, { actor }) => {
    assertMayScrape(actor, req.headers.get("authorization"));
    const db = await readDb();
    // Every scraper (and the same one again) shares one rendering until something is written. The
    // text goes out as it is: Next.js compresses responses itself, and a body gzip'd here was gzip'd twice.
    // Local runs are left out of every metric, so their writes leave this rendering valid.
    const text = await cachedRead(db, ["metrics"], async () => toPrometheusText(await getMetrics(db)), {
      sees: "production",
    });
    return new Response(text, { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
  },
  { role: "public" },
);
