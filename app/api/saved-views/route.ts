// GET /api/saved-views — the team's saved views; POST — save one (operators and admins)
import { saveView, saveViewSchema } from "@/lib/actions/save-view";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { readDb } from "@/lib/api/read-your-writes";
import { listSavedViews } from "@/lib/queries/list-saved-views";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => listSavedViews(await readDb()));

export const POST = withRoute(
  async (req, { actor }) =>
    saveView(await getDb(), actor, saveViewSchema.parse(await readJsonBody(req, bodyLimits.form))),
  { role: "operator" },
);
