// GET /api/users — the accounts; POST /api/users — add one (admin)
import { withRoute } from "@/lib/api/with-route";
import { newUserSchema } from "@/lib/auth/auth-schemas";
import { createUserAudited } from "@/lib/auth/create-user-audited";
import { listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { readDb } from "@/lib/api/read-your-writes";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => ({ users: await listUsers(await readDb()) }), { role: "admin" });

export const POST = withRoute(
  async (req, { actor }) => {
    const input = newUserSchema.parse(await readJsonBody(req, bodyLimits.form));
    return createUserAudited(await getDb(), actor, input);
  },
  { role: "admin" },
);
