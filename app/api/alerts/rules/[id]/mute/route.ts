// POST /api/alerts/rules/:id/mute — mute a rule for {"minutes": n}, or unmute with {"minutes": null} (operator)
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { setAlertRuleMute } from "@/lib/store/alert-rule-rows";

export const dynamic = "force-dynamic";

const muteSchema = z.object({ minutes: z.number().int().positive().max(525_600).nullable() }).strict();

export const POST = withRoute<{ id: string }>(
  async (req, { actor, params }) => {
    const id = z.coerce.number().int().positive().parse(params.id);
    const { minutes } = muteSchema.parse(await readJsonBody(req, bodyLimits.form));
    const until = minutes === null ? null : new Date(Date.now() + minutes * 60_000);
    if (!(await setAlertRuleMute((await getDb()).pool, actor, id, until)))
      throw new AppError({ code: "not_found", message: "no such alert rule" });
    return { mutedUntil: until?.toISOString() ?? null };
  },
  { role: "operator" },
);
