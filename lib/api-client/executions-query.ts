import { queryOptions } from "@tanstack/react-query";
import type { ExecutionListPage } from "@/lib/queries/execution-list-types";
import { toSearchParams, type ExecutionListParams } from "@/lib/queries/execution-list-params";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";

/** The executions list query, shared by the server prefetch and the client. */
export function executionsQueryOptions(params: ExecutionListParams) {
  const qs = toSearchParams(params).toString();
  return queryOptions({
    queryKey: queryKeys.executionList(qs),
    queryFn: () => fetchJson<ExecutionListPage>(`/api/executions${qs ? `?${qs}` : ""}`),
  });
}
