"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";
import type { SavedView } from "@/lib/queries/list-saved-views";

/** The team's saved views under the navigation: each opens the executions list on its query. */
export function SavedViewsNav() {
  const { data } = useQuery({
    queryKey: queryKeys.savedViews(),
    queryFn: () => fetchJson<SavedView[]>("/api/saved-views"),
    staleTime: 60_000,
  });
  if (!data?.length) return null;
  return (
    <div className="mt-3 px-2" data-testid="saved-views">
      <h2 className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Saved views</h2>
      <ul className="space-y-0.5">
        {data.map((view) => (
          <li key={view.id}>
            <Link
              href={`/executions?${new URLSearchParams({ q: view.query }).toString()}`}
              prefetch={false}
              title={view.query}
              className="block truncate rounded px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              {view.name}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
