import { SetupForm } from "@/components/auth/sign-in-form";
import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { getCurrentActor } from "@/lib/auth/current-actor";
import { setupPending } from "@/lib/auth/setup-token";
import { getDb } from "@/lib/db/client";

export const metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const [{ token }, pending, actor] = await Promise.all([searchParams, getDb().then(setupPending), getCurrentActor()]);
  const signedIn = actor.via === "session" || actor.via === "proxy";
  return (
    <>
      <PageHeader title="Set up Stepscope" />
      <div className="p-6">
        {pending ? (
          <SetupForm token={token ?? ""} />
        ) : (
          <EmptyState title="Setup is done">
            {signedIn ? (
              // Someone signed in has nothing to sign in to: say who they are and where to go instead.
              <p data-testid="setup-done-signed-in">
                An admin account exists, and you are signed in as <strong>{actor.name}</strong> (
                {actor.role ?? "no role"}).{" "}
                {actor.role === "admin" ? (
                  <>
                    Add accounts on the{" "}
                    <a href="/users" className="underline">
                      Users
                    </a>{" "}
                    page.
                  </>
                ) : (
                  <>Ask an admin for another role.</>
                )}
              </p>
            ) : (
              <p>
                An admin account exists.{" "}
                <a href="/login" className="underline">
                  Sign in
                </a>
                , or ask an admin for an account (admins add users on the Users page, or with{" "}
                <code className="font-mono">npx stepscope users add</code>).
              </p>
            )}
          </EmptyState>
        )}
      </div>
    </>
  );
}
