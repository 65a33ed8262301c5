// GET /api/health — the server is up and its database answers
import { getDb } from "@/lib/db/client";
import { withRoute } from "@/lib/api/with-route";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async () => {
    const { prisma: db } = await getDb();
    await db.$queryRaw`SELECT 1`;
    return { ok: true };
  },
  { role: "public" },
);
