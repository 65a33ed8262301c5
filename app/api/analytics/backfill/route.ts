// GET /api/analytics/backfill — whether the analytics still leave out executions stored before them, with progress
import { withRoute } from "@/lib/api/with-route";
import { getAnalyticsBackfillStatus } from "@/lib/queries/get-analytics-backfill-status";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => getAnalyticsBackfillStatus(await readDb()));
