// PATCH /api/sources/:id — edit an AWS source's account, endpoint and settings; DELETE — remove it and its executions (admins; audited)
import { z } from "zod";
import { recordAudit } from "@/lib/store/record-audit";
import { AppError } from "@/lib/errors/app-error";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/in-transaction";
import { removeAwsSourceAudited } from "@/lib/ingest/remove-demo-source-audited";
import { assertEditableEndpoint, awsSourceEditSchema } from "@/lib/ingest/sync-source-admin";
import { updateAwsSource } from "@/lib/store/update-aws-source";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export const PATCH = withRoute<{ id: string }>(
  async (req, { params, actor }) => {
    const { id } = paramsSchema.parse(params);
    const edit = awsSourceEditSchema.parse(await readJsonBody(req, bodyLimits.form));
    return withTransaction((await getDb()).pool, async (client) => {
      const changed = await updateAwsSource(client, id, edit, (stored) => assertEditableEndpoint(edit, stored.region));
      if (!changed) throw new AppError({ code: "not_found", message: `No AWS source has id ${id}` });
      await recordAudit(client, actor, {
        action: "source.update",
        targetType: "source",
        targetId: String(id),
        details: changed,
        outcome: "OK",
      });
      return { id, ...changed.after };
    });
  },
  { role: "admin" },
);

export const DELETE = withRoute<{ id: string }>(
  async (_req, { params, actor }) => {
    const { id } = paramsSchema.parse(params);
    return removeAwsSourceAudited(await getDb(), id, actor);
  },
  { role: "admin" },
);
