// GET /api/health — the server is up and its database answers
import { withRoute } from "@/lib/api/with-route";
import { pingDatabase } from "@/lib/db/ping-database";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async () => {
    await pingDatabase();
    return { ok: true };
  },
  { role: "public" },
);
