// GET /api/analytics/overview — executions over time by status, failure rate, duration percentiles (filters as the page's URL has them)
import { withRoute } from "@/lib/api/with-route";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import { getOverview } from "@/lib/queries/get-overview";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withRoute(async (req) => getOverview(await getDb(), parseAnalyticsParams(req.nextUrl.searchParams)));
