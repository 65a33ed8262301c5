// GET /api/audit — the audit log, newest first (operators and admins)
import { withRoute } from "@/lib/api/with-route";
import { hasRole } from "@/lib/auth/roles";
import { readDb } from "@/lib/api/read-your-writes";
import { auditLogParamsSchema, listAuditLog } from "@/lib/queries/list-audit-log";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async (req, { actor }) =>
    listAuditLog(await readDb(), auditLogParamsSchema.parse(Object.fromEntries(req.nextUrl.searchParams)), {
      withExternalIds: hasRole(actor.role, "admin"),
    }),
  { role: "operator" },
);
