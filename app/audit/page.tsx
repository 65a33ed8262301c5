import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { hasRole } from "@/lib/auth/roles";
import { readDb } from "@/lib/api/read-your-writes";
import { auditLogParamsSchema, listAuditLog } from "@/lib/queries/list-audit-log";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageRole("operator");
  const raw = await searchParams;
  const parsed = auditLogParamsSchema.safeParse(raw);
  const params = parsed.success ? parsed.data : auditLogParamsSchema.parse({});
  const page = await listAuditLog(await readDb(), params, { withExternalIds: hasRole(actor.role, "admin") });
  return (
    <>
      <PageHeader title="Audit log" />
      <div className="p-6">
        <AuditTable
          rows={page.rows}
          nextBefore={page.nextBefore}
          filters={{
            action: raw["action"] ?? "",
            actor: raw["actor"] ?? "",
            target: raw["target"] ?? "",
            outcome: raw["outcome"] ?? "",
          }}
        />
      </div>
    </>
  );
}
