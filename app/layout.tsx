import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppNav } from "@/components/layout/app-nav";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stepscope", template: "%s · Stepscope" },
  description: "AWS Step Functions executions: graph, timeline, failures, costs.",
};

// Applies the stored theme before first paint (no flash); falls back to the OS preference.
const themeScript = `try{var t=localStorage.getItem("stepscope.theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="h-screen overflow-hidden">
        <Providers>
          <div className="flex h-full">
            <AppNav />
            <main className="min-w-0 flex-1 overflow-auto">{children}</main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
