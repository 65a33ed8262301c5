import type { ExecutionExportFormat } from "@/lib/queries/execution-export-format";
import { toSearchParams, type ExecutionListParams } from "@/lib/queries/execution-list-params";

/**
 * The download of the list as it is filtered (status, state machine, source, range, `q`, …) and
 * sorted: every execution it selects, not one page (paging and page size are left out).
 */
export function executionExportHref(params: ExecutionListParams, format: ExecutionExportFormat): string {
  const search = toSearchParams({
    ...params,
    page: undefined,
    pageSize: undefined,
    after: undefined,
    before: undefined,
  });
  search.set("format", format);
  return `/api/executions/export?${search.toString()}`;
}
