"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useActor } from "@/components/auth/actor-context";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";

/** Saves the list's query as a named view for the team (operators and admins). */
export function SaveViewButton({ query }: { query: string | undefined }) {
  const actor = useActor();
  const queryClient = useQueryClient();
  const [name, setName] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (view: { name: string; query: string }) =>
      fetchJson("/api/saved-views", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(view),
      }),
    onSuccess: () => {
      setName(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.savedViews() });
    },
  });
  if (!query || !actor.can("operator")) return null;
  if (name === null)
    return (
      <button type="button" className="rounded px-2 py-1 text-sm underline" onClick={() => setName("")}>
        Save view…
      </button>
    );
  return (
    <span className="inline-flex items-center gap-1">
      <input
        aria-label="View name"
        className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          // Inside the filters' form: Enter saves the view, not the search.
          if (e.key === "Enter") {
            e.preventDefault();
            if (name.trim()) save.mutate({ name: name.trim(), query });
          }
        }}
      />
      <button
        type="button"
        disabled={!name.trim() || save.isPending}
        className="rounded bg-zinc-800 px-2 py-1 text-sm text-white disabled:opacity-50 dark:bg-zinc-200 dark:text-zinc-900"
        onClick={() => save.mutate({ name: name.trim(), query })}
      >
        Save
      </button>
      {save.error ? (
        <span role="alert" className="text-xs text-red-700">
          {save.error.message}
        </span>
      ) : null}
    </span>
  );
}
