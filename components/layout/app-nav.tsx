"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo } from "react";
import { useActor } from "@/components/auth/actor-context";
import { UserMenu } from "@/components/auth/user-menu";
import { navItems } from "./nav-items";
import { SavedViewsNav } from "./saved-views-nav";
import { ThemeToggle } from "./theme-toggle";
import { ZoneToggle } from "./zone-toggle";

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** Side navigation; `g` then a letter jumps to a section (shown on hover). */
export function AppNav() {
  const pathname = usePathname();
  const router = useRouter();
  const actor = useActor();
  const items = useMemo(() => navItems.filter((item) => !item.role || actor.can(item.role)), [actor]);
  useEffect(() => {
    let armed = false;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable))
        return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (armed) {
        armed = false;
        const item = items.find((i) => i.key === `g ${e.key}`);
        if (item) router.push(item.href);
        return;
      }
      if (e.key === "g") armed = true;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, items]);

  return (
    <nav
      aria-label="Main"
      className="flex h-full w-52 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {/* No prefetch: every page is dynamic, and prefetching all of them on each page load made the server render eleven pages (overview, failures, costs queries) while the page the user opened was still loading. */}
      <Link href="/" prefetch={false} className="px-4 py-3 text-base font-semibold tracking-tight">
        Stepscope
      </Link>
      <ul className="space-y-0.5 px-2">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              prefetch={false}
              title={`${item.label} (${item.key})`}
              aria-current={isActive(pathname, item.href) ? "page" : undefined}
              className="block rounded px-2 py-1.5 text-zinc-700 hover:bg-zinc-200 aria-[current=page]:bg-zinc-200 aria-[current=page]:font-medium dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800"
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
      <div className="flex-1 overflow-auto">
        <SavedViewsNav />
      </div>
      <div className="border-t border-zinc-200 dark:border-zinc-800">
        <UserMenu />
      </div>
      <div className="flex gap-2 border-t border-zinc-200 p-2 dark:border-zinc-800">
        <ThemeToggle />
        <ZoneToggle />
      </div>
    </nav>
  );
}
