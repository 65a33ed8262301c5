// GET /api/analytics/costs — estimated cost by machine, state, day and month (filters as the page's URL has them)
import { withRoute } from "@/lib/api/with-route";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import { getCosts } from "@/lib/queries/get-costs";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute(async (req) => getCosts(await readDb(), parseAnalyticsParams(req.nextUrl.searchParams)));
