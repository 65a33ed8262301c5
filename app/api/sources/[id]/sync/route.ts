// POST /api/sources/:id/sync — start a sync of an AWS source in this process
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { recordAuditAlone } from "@/lib/store/record-audit";
import { getDb } from "@/lib/db/client";
import { startInProcessSync } from "@/lib/ingest/sync-in-process";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export const POST = withRoute<{ id: string }>(
  async (_req, { params, actor }) => {
    const { id } = paramsSchema.parse(params);
    const db = await getDb();
    const started = await startInProcessSync(db, id);
    await recordAuditAlone(db, actor, {
      action: "source.sync",
      targetType: "source",
      targetId: String(id),
      details: started,
      outcome: "OK",
    });
    return started;
  },
  { role: "operator" },
);
