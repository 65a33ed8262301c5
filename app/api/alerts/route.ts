// GET /api/alerts — rules, and the latest incidents with their notifications and deliveries
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";
import { getAlertsPage } from "@/lib/queries/get-alerts-page";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => getAlertsPage((await readDb()).pool));
