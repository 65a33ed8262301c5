import { PageHeader } from "@/components/layout/page-header";
import { AlertsAdmin } from "@/components/alerts/alerts-admin";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage() {
  const actor = await requirePageRole("viewer");
  return (
    <>
      <PageHeader title="Alerts" />
      <div className="p-6">
        <AlertsAdmin canEdit={hasRole(actor.role, "admin")} canOperate={hasRole(actor.role, "operator")} />
      </div>
    </>
  );
}
