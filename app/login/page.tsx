import { SignInForm } from "@/components/auth/sign-in-form";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <>
      <PageHeader title="Sign in" />
      <div className="p-6">
        <SignInForm next={next ?? "/"} />
      </div>
    </>
  );
}
