// GET /api/users — the accounts; POST /api/users — add one (admin)
import { withRoute } from "@/lib/api/with-route";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import { newUserSchema } from "@/lib/auth/auth-schemas";
import { createUser, listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => ({ users: await listUsers(await getDb()) }), { role: "admin" });

export const POST = withRoute(async (req, { actor }) => {
  const input = newUserSchema.parse(await readJsonBody(req, bodyLimits.form));
  const db = await getDb();
  return db.prisma.$transaction(async (tx) => {
    const user = await createUser(tx, input);
    await recordAudit(sqlClientOf(tx), actor, {
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username, role: user.role, signsInWith: user.signsInWith },
      outcome: "OK",
    });
    return user;
  });
}, { role: "admin" });
