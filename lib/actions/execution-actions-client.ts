import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/lib/api-client/fetch-json";
import type { NotAllowedReason } from "./action-target";
import type { BulkDryRun, BulkStarted } from "./bulk/create-bulk-action";
import type { BulkActionView } from "./bulk/get-bulk-action";
import type { ExecutionActions } from "./get-execution-actions";
import { queryKeys } from "@/lib/api-client/query-keys";

export type { BulkActionView, BulkDryRun, BulkStarted, ExecutionActions, NotAllowedReason };

const base = (arn: string) => `/api/executions/${encodeURIComponent(arn)}`;

/** What `GET /api/executions/:arn/actions` answers, under the execution's query key (refetched with it). */
export function executionActionsQueryOptions(executionArn: string) {
  return queryOptions({
    queryKey: queryKeys.executionActions(executionArn),
    queryFn: () => fetchJson<ExecutionActions>(`${base(executionArn)}/actions`),
  });
}

/** What a single AWS action answered. */
export interface ActionAnswer {
  readonly outcome: "OK";
  readonly executionArn: string;
  readonly resultExecutionArn: string;
  readonly refreshed: boolean;
  readonly refreshError?: string;
}

export type ExecutionActionKind = "redrive" | "replay" | "stop";

/** POSTs one action; throws with the API's message (the reasons of a refusal, AWS's error). */
export function postExecutionAction(
  executionArn: string,
  kind: ExecutionActionKind,
  body: unknown,
): Promise<ActionAnswer> {
  return fetchJson<ActionAnswer>(`${base(executionArn)}/${kind}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** POSTs a bulk action (a dry run unless `dryRun` is false). */
export function postBulkAction(body: {
  action: "redrive" | "replay";
  filters: string;
  dryRun: boolean;
}): Promise<BulkDryRun | BulkStarted> {
  return fetchJson<BulkDryRun | BulkStarted>("/api/bulk-actions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** A bulk action's progress, polled every second while it runs. */
export function bulkActionQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.bulkAction(id),
    queryFn: () => fetchJson<BulkActionView>(`/api/bulk-actions/${id}`),
    refetchInterval: (q) => (q.state.data?.state === "DONE" ? false : 1_000),
  });
}
