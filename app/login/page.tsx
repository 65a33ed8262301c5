import { SignInForm } from "@/components/auth/sign-in-form";
import { PageHeader } from "@/components/layout/page-header";
import { getCurrentActor } from "@/lib/auth/current-actor";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const actor = await getCurrentActor();
  return (
    <>
      <PageHeader title="Sign in" />
      <div className="p-6">
        {/* Someone already signed in (sent here by a page needing a stronger role) is told who they are now. */}
        {actor.via === "session" || actor.via === "proxy" ? (
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400" data-testid="signed-in-as">
            You are signed in as <strong>{actor.name}</strong> ({actor.role ?? "no role"}). Signing in here switches to
            another account.
          </p>
        ) : null}
        <SignInForm next={next ?? "/"} />
      </div>
    </>
  );
}
