import type { ReactNode } from "react";

/** What a page shows when it has nothing yet: what it will hold, and what to do next. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto mt-16 max-w-lg rounded border border-dashed border-zinc-300 p-6 text-center dark:border-zinc-700">
      <h2 className="text-base font-medium">{title}</h2>
      <div className="mt-2 space-y-2 text-zinc-600 dark:text-zinc-400">{children}</div>
    </div>
  );
}
