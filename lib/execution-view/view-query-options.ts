import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/lib/api-client/fetch-json";
import type { ExecutionViewData } from "./view-types";

/** The Graph and Timeline tabs' data: definition and state runs with attempts. */
export function executionViewQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: ["execution", executionArn, "view"],
    queryFn: () => fetchJson<ExecutionViewData>(`/api/executions/${encodeURIComponent(executionArn)}/view`),
  });
}
