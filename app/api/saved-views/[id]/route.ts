// DELETE /api/saved-views/[id] — delete a saved view (operators and admins)
import { z } from "zod";
import { deleteView } from "@/lib/actions/save-view";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const DELETE = withRoute<{ id: string }>(
  async (_req, { actor, params }) => deleteView(await getDb(), actor, z.coerce.number().int().min(1).parse(params.id)),
  { role: "operator" },
);
