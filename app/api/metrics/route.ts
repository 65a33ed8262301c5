// GET /api/metrics — executions, failures by signature, retries and estimated cost in the Prometheus text format
import { withRoute } from "@/lib/api/with-route";
import { toPrometheusText } from "@/lib/analytics/prometheus-text";
import { assertMayScrape } from "@/lib/auth/metrics-token";
import { getDb } from "@/lib/db/client";
import { getMetrics } from "@/lib/queries/get-metrics";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async (req, { actor }) => {
    assertMayScrape(actor, req.headers.get("authorization"));
    return new Response(toPrometheusText(await getMetrics(await getDb())), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
    });
  },
  { role: "public" },
);
