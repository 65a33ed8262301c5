import { SetupForm } from "@/components/auth/sign-in-form";
import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { setupPending } from "@/lib/auth/setup-token";
import { getDb } from "@/lib/db/client";

export const metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const [{ token }, pending] = await Promise.all([searchParams, getDb().then(setupPending)]);
  return (
    <>
      <PageHeader title="Set up Stepscope" />
      <div className="p-6">
        {pending ? (
          <SetupForm token={token ?? ""} />
        ) : (
          <EmptyState title="Setup is done">
            <p>
              An admin account exists.{" "}
              <a href="/login" className="underline">
                Sign in
              </a>
              , or ask an admin for an account (admins add users on the Users page, or with{" "}
              <code className="font-mono">npx stepscope users add</code>).
            </p>
          </EmptyState>
        )}
      </div>
    </>
  );
}
