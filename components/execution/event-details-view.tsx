"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";

/** One event's full JSON, as AWS sends it, fetched when its row is opened. */
export function EventDetailsView({ executionArn, eventId }: { executionArn: string; eventId: number }) {
  const { data, error } = useQuery({
    queryKey: queryKeys.event(executionArn, eventId),
    queryFn: () => fetchJson<unknown>(`/api/executions/${encodeURIComponent(executionArn)}/events/${eventId}`),
    staleTime: Infinity,
  });
  if (error) return <p className="px-6 py-2 text-red-700">{error.message}</p>;
  return (
    <pre className="mx-6 mb-2 max-h-80 overflow-auto rounded bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900">
      {data === undefined ? "Loading…" : JSON.stringify(data, null, 2)}
    </pre>
  );
}
