// POST /api/alerts/rules/:id/test — send a test notification to the rule's targets ({"target": index} for one) and answer each outcome (admin)
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";
import { alertRunOptionsFromEnv } from "@/lib/alerts/alerts-env";
import { sendTestAlert } from "@/lib/alerts/send-test-alert";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

const testSchema = z.object({ target: z.number().int().min(0).optional() }).strict();

export const POST = withRoute<{ id: string }>(
  async (req, { actor, params }) => {
    const id = z.coerce.number().int().positive().parse(params.id);
    const { target } = testSchema.parse(await readJsonBody(req, bodyLimits.form));
    const results = await sendTestAlert(await getDb(), actor, id, target ?? null, alertRunOptionsFromEnv());
    if (results === null) throw new AppError({ code: "not_found", message: "no such alert rule or target" });
    return { results };
  },
  { role: "admin" },
);
