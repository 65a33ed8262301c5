// PATCH /api/users/:id — change an account's role, password or disabled flag (admin)
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import { userChangeSchema } from "@/lib/auth/auth-schemas";
import { updateUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.uuid() });

export const PATCH = withRoute<{ id: string }>(async (req, { params, actor }) => {
  const { id } = paramsSchema.parse(params);
  const change = userChangeSchema.parse(await readJsonBody(req, bodyLimits.form));
  const db = await getDb();
  return db.prisma.$transaction(async (tx) => {
    const user = await updateUser(tx, id, change);
    await recordAudit(sqlClientOf(tx), actor, {
      action: "user.update",
      targetType: "user",
      targetId: id,
      // Never the password itself: only that it changed.
      details: { username: user.username, role: change.role, passwordChanged: change.password !== undefined, disabled: change.disabled },
      outcome: "OK",
    });
    return user;
  });
}, { role: "admin" });
