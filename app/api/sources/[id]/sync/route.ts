// POST /api/sources/:id/sync — start a sync of an AWS source in this process
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { startInProcessSync } from "@/lib/ingest/sync-in-process";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export const POST = withRoute<{ id: string }>(async (_req, { params }) => startInProcessSync(await getDb(), paramsSchema.parse(params).id), {
  role: "operator",
});
