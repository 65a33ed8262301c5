// POST /api/alerts/evaluate — evaluate every rule now and send what is due, as `stepscope alerts evaluate` (admin)
import { withRoute } from "@/lib/api/with-route";
import { alertRunOptionsFromEnv } from "@/lib/alerts/alerts-env";
import { runAlertEvaluation } from "@/lib/alerts/run-alert-evaluation";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = withRoute(async () => runAlertEvaluation(await getDb(), alertRunOptionsFromEnv()));
