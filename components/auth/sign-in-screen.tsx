"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { SetupForm, SignInForm } from "./sign-in-form";

/**
 * Shown instead of any page to a visitor who may read nothing (anonymous access off):
 * the sign-in form, or on /setup the first-admin form. The URL stays, so signing in lands
 * on the page that was asked for.
 */
export function SignInScreen() {
  const pathname = usePathname();
  const search = useSearchParams();
  const setup = pathname === "/setup";
  return (
    <div className="flex h-full items-center justify-center p-6">
      <div className="space-y-4">
        <h1 className="text-lg font-semibold">{setup ? "Set up Stepscope" : "Sign in to Stepscope"}</h1>
        {setup ? (
          <SetupForm token={search.get("token") ?? ""} />
        ) : (
          <SignInForm next={`${pathname}${search.size ? `?${search.toString()}` : ""}`} />
        )}
      </div>
    </div>
  );
}
