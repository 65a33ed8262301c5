// GET /api/auth/me — who this request is signed in as, and whether the first admin is still to be created
import { withRoute } from "@/lib/api/with-route";
import { setupPending } from "@/lib/auth/setup-token";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async (_req, { actor }) => ({
    name: actor.name,
    role: actor.role,
    via: actor.via,
    setupPending: await setupPending(await getDb()),
  }),
  { role: "public" },
);
