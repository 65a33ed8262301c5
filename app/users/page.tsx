import { PageHeader } from "@/components/layout/page-header";
import { UsersAdmin } from "@/components/users/users-admin";
import { requirePageRole } from "@/lib/auth/require-page-role";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const actor = await requirePageRole("admin");
  return (
    <>
      <PageHeader title="Users" />
      <div className="p-6">
        <UsersAdmin me={actor.name} />
      </div>
    </>
  );
}
