import type { ReactNode } from "react";

/**
 * The title bar of a page, with optional actions on the right. When the actions do not fit
 * beside the title (an execution with replays lists them), they wrap under it rather than
 * push the title or themselves out of the page.
 */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
      <h1 className="min-w-0 max-w-full truncate text-lg font-semibold">{title}</h1>
      {children ? <div className="flex min-w-0 max-w-full flex-wrap items-center gap-2">{children}</div> : null}
    </header>
  );
}
