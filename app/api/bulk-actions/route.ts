// POST /api/bulk-actions — dry run (which executions the list's filters select are eligible, and why not) or start a bulk redrive/replay
import { bulkActionRequestSchema } from "@/lib/actions/bulk/bulk-action-request";
import { createBulkAction } from "@/lib/actions/bulk/create-bulk-action";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async (req, { actor }) =>
    createBulkAction(await getDb(), actor, bulkActionRequestSchema.parse(await readJsonBody(req, bodyLimits.form))),
  {
    role: "operator",
  },
);
