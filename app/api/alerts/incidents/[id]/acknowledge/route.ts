// POST /api/alerts/incidents/:id/acknowledge — someone is on it (operator)
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { acknowledgeAlertIncident } from "@/lib/store/alert-incident-rows";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(
  async (_req, { actor, params }) => {
    const id = z.string().regex(/^\d+$/).parse(params.id);
    if (!(await acknowledgeAlertIncident((await getDb()).pool, actor, id)))
      throw new AppError({ code: "conflict", message: "no such incident, or it is already acknowledged" });
    return { acknowledged: true };
  },
  { role: "operator" },
);
