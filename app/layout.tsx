import type { Metadata } from "next";
import { Suspense, type ReactNode } from "react";
import { ActorProvider } from "@/components/auth/actor-context";
import { SignInScreen } from "@/components/auth/sign-in-screen";
import { AppNav } from "@/components/layout/app-nav";
import { getCurrentActor } from "@/lib/auth/current-actor";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stepscope", template: "%s · Stepscope" },
  description: "AWS Step Functions executions: graph, timeline, failures, costs.",
};

// Applies the stored theme before first paint (no flash); falls back to the OS preference.
// Until the page hydrates (Providers marks <html data-hydrated>), a change in a filter form marked
// data-submit-on-change submits it as the plain GET form it is: a choice made at once is not lost.
const themeScript = `try{var t=localStorage.getItem("stepscope.theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}document.addEventListener("change",function(e){var f=e.target&&e.target.form;if(f&&f.hasAttribute("data-submit-on-change")&&!document.documentElement.hasAttribute("data-hydrated"))f.requestSubmit()});`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  const identity = { name: actor.name, role: actor.role, via: actor.via };
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="h-screen overflow-hidden">
        <Providers>
          <ActorProvider identity={identity}>
            {actor.role === null ? (
              // Anonymous access is off and nobody is signed in: no page, not even its data, is rendered.
              <Suspense>
                <SignInScreen />
              </Suspense>
            ) : (
              <div className="flex h-full">
                <AppNav />
                <main className="min-w-0 flex-1 overflow-auto">{children}</main>
              </div>
            )}
          </ActorProvider>
        </Providers>
      </body>
    </html>
  );
}
