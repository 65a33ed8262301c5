import { queryOptions } from "@tanstack/react-query";
import { fetchJsonEarly } from "./early-fetch";
import type { GraphLayout } from "./layout-graph";
import type { ExecutionViewData } from "./view-types";

/** The URL of an execution's view data (what the page's early-fetch script asks for). */
export const executionViewUrl = (executionArn: string) => `/api/executions/${encodeURIComponent(executionArn)}/view`;
/** The URL of an execution's definition with its cached layout. */
export const executionDefinitionUrl = (executionArn: string) => `/api/executions/${encodeURIComponent(executionArn)}/definition`;

/** The Graph and Timeline tabs' data: definition and state runs with attempts. */
export function executionViewQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: ["execution", executionArn, "view"],
    queryFn: () => fetchJsonEarly<ExecutionViewData>(executionViewUrl(executionArn)),
  });
}

/** The definition the execution ran, with its graph laid out on the server (never changes for an execution). */
export function executionDefinitionQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: ["definition", executionArn],
    queryFn: () => fetchJsonEarly<{ definition: string | null; hash: string | null; layout: GraphLayout | null }>(executionDefinitionUrl(executionArn)),
    staleTime: Infinity,
  });
}
