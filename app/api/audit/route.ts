// GET /api/audit — the audit log, newest first (operators and admins)
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { auditLogParamsSchema, listAuditLog } from "@/lib/queries/list-audit-log";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async (req) => listAuditLog(await getDb(), auditLogParamsSchema.parse(Object.fromEntries(req.nextUrl.searchParams))),
  { role: "operator" },
);
