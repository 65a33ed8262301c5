// DELETE /api/sources/demo — remove the demo source and its generated executions (audited)
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { removeDemoSourceAudited } from "@/lib/ingest/remove-demo-source-audited";

export const dynamic = "force-dynamic";

export const DELETE = withRoute(async (_req, { actor }) => removeDemoSourceAudited(await getDb(), actor), {
  role: "admin",
});
