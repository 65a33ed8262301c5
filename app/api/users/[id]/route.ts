// PATCH /api/users/:id — change an account's role, password or disabled flag (admin)
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { userChangeSchema } from "@/lib/auth/auth-schemas";
import { updateUserAudited } from "@/lib/auth/update-user-audited";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.uuid() });

export const PATCH = withRoute<{ id: string }>(
  async (req, { params, actor }) => {
    const { id } = paramsSchema.parse(params);
    const change = userChangeSchema.parse(await readJsonBody(req, bodyLimits.form));
    return updateUserAudited(await getDb(), actor, id, change);
  },
  { role: "admin" },
);
