// GET /api/audit — the audit log, newest first (operators and admins)
import { withRoute } from "@/lib/api/with-route";
import { hasRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { auditLogParamsSchema, listAuditLog } from "@/lib/queries/list-audit-log";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async (req, { actor }) =>
    listAuditLog(await getDb(), auditLogParamsSchema.parse(Object.fromEntries(req.nextUrl.searchParams)), {
      withExternalIds: hasRole(actor.role, "admin"),
    }),
  { role: "operator" },
);
