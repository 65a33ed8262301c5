import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { fetchJsonEarly } from "./early-fetch";
import { graphOverlayFromJson, type GraphOverlayJson } from "./graph-overlay";
import type { GraphLayout } from "./layout-graph";
import { iterationParams } from "./overlay-iterations";
import type { ExecutionViewData } from "./view-types";
import { queryKeys } from "@/lib/api-client/query-keys";

/** The URL of an execution's view data (what the page's early-fetch script asks for). */
export const executionViewUrl = (executionArn: string) => `/api/executions/${encodeURIComponent(executionArn)}/view`;
/** The URL of an execution's definition with its cached layout. */
export const executionDefinitionUrl = (executionArn: string) =>
  `/api/executions/${encodeURIComponent(executionArn)}/definition`;

/** The URL of an execution's graph overlay for the chosen Map iterations (one URL per choice). */
export function executionOverlayUrl(executionArn: string, iterations: ReadonlyMap<string, number>): string {
  const q = new URLSearchParams(iterationParams(iterations).map((v) => ["iteration", v]));
  return `/api/executions/${encodeURIComponent(executionArn)}/overlay${q.size ? `?${q.toString()}` : ""}`;
}

/** What the graph draws over the states (a few KB), for the chosen Map iterations. */
export function executionOverlayQueryOptions(executionArn: string, iterations: ReadonlyMap<string, number>) {
  const url = executionOverlayUrl(executionArn, iterations);
  return queryOptions({
    queryKey: queryKeys.executionOverlay(executionArn, url),
    // Cached as JSON, so the page can prefetch it on the server and hand it over as it is.
    queryFn: () => fetchJsonEarly<GraphOverlayJson>(url),
    select: graphOverlayFromJson,
  });
}

/** The Graph and Timeline tabs' data: definition and state runs with attempts. */
export function executionViewQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: queryKeys.executionView(executionArn),
    queryFn: () => fetchJsonEarly<ExecutionViewData>(executionViewUrl(executionArn)),
  });
}

/** The definition the execution ran, with its graph laid out on the server (never changes for an execution). */
export function executionDefinitionQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: queryKeys.executionDefinition(executionArn),
    queryFn: () =>
      fetchJsonEarly<{ definition: string | null; hash: string | null; layout: GraphLayout | null }>(
        executionDefinitionUrl(executionArn),
      ),
    staleTime: Infinity,
  });
}

/**
 * The keys of one graph node's runs, failures first, for its detail panel (keyed by the event
 * count too, so a running execution's new runs are read again; the old answer shows meanwhile).
 */
export function executionNodeRunsQueryOptions(executionArn: string, nodeId: string, eventCount: number) {
  return queryOptions({
    queryKey: queryKeys.executionNodeRuns(executionArn, nodeId, eventCount),
    queryFn: () =>
      fetchJson<{ runKeys: string[] }>(
        `/api/executions/${encodeURIComponent(executionArn)}/node-runs?node=${encodeURIComponent(nodeId)}`,
      ),
  });
}
