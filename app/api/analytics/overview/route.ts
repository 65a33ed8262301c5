// GET /api/analytics/overview — executions over time by status, failure rate, duration percentiles (filters as the page's URL has them)
import { withRoute } from "@/lib/api/with-route";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import { getOverview } from "@/lib/queries/get-overview";
import { readDb } from "@/lib/api/read-your-writes";
import { cachedRead } from "@/lib/queries/cached-read";
import { includesLocalRuns } from "@/lib/queries/production-scope";

export const dynamic = "force-dynamic";

export const GET = withRoute(async (req) => {
  const db = await readDb();
  const params = parseAnalyticsParams(req.nextUrl.searchParams);
  return cachedRead(db, ["overview", params], () => getOverview(db, params), {
    sees: includesLocalRuns(params) ? "all" : "production",
  });
});
