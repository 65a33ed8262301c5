import { NotAllowed } from "@/components/auth/not-allowed";
import { PageHeader } from "@/components/layout/page-header";
import { UsersAdmin } from "@/components/users/users-admin";
import { getCurrentActor } from "@/lib/auth/current-actor";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const actor = await getCurrentActor();
  if (!hasRole(actor.role, "admin")) return <NotAllowed needed="admin" name={actor.name} />;
  return (
    <>
      <PageHeader title="Users" />
      <div className="p-6">
        <UsersAdmin me={actor.name} />
      </div>
    </>
  );
}
