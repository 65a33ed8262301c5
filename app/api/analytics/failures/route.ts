// GET /api/analytics/failures — failure groups, retries per state, executions near the event limit (filters as the page's URL has them)
import { withRoute } from "@/lib/api/with-route";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import { getFailures } from "@/lib/queries/get-failures";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute(async (req) =>
  getFailures(await readDb(), parseAnalyticsParams(req.nextUrl.searchParams)),
);
