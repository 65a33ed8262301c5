import { queryOptions } from "@tanstack/react-query";
import type { EventRow, ExecutionDetail, StateRunRow } from "@/lib/queries/execution-detail-types";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";

const base = (arn: string) => `/api/executions/${encodeURIComponent(arn)}`;

/** The execution page's header data. */
export function executionQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: queryKeys.execution(executionArn),
    queryFn: () => fetchJson<ExecutionDetail>(base(executionArn)),
  });
}

/** Every event of the execution, in order, without details. */
export function eventsQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: queryKeys.executionEvents(executionArn),
    queryFn: () => fetchJson<{ events: EventRow[] }>(`${base(executionArn)}/events`),
  });
}

/** Every state run of the execution, in entry order. */
export function stateRunsQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: queryKeys.executionRuns(executionArn),
    queryFn: () => fetchJson<{ runs: StateRunRow[] }>(`${base(executionArn)}/runs`),
  });
}
