import type { Database } from "@/lib/db/database";
import { parseExecutionListParams, type ExecutionListParams } from "@/lib/queries/execution-list-params";
import { executionListConditions, whereSql } from "@/lib/queries/execution-list-sql";
import type { ActionTarget } from "../action-target";
import { getActionTargets } from "../get-action-target";
import { maxBulkItems } from "./bulk-action-request";

/** Parameters of the list that do not select (paging, sort): dropped from a bulk action's filters. */
const notFilters = ["page", "pageSize", "after", "before", "sort", "order"];

/** The list filters of a query string, as the executions list parses them (a 422 naming a bad one). */
export function parseBulkFilters(query: string): ExecutionListParams {
  const search = new URLSearchParams(query.replace(/^\?/, ""));
  for (const key of notFilters) search.delete(key);
  return parseExecutionListParams(search);
}

/** The filters worth keeping with a bulk action (what selects, not how the list was paged). */
export function filtersOf(params: ExecutionListParams): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).filter(([key, value]) => !notFilters.includes(key) && value !== undefined),
  );
}

/**
 * The executions the list's filters select (with the list's own WHERE), newest first, at
 * most {@link maxBulkItems}; `more` when the filters select more than that.
 */
export async function selectBulkTargets(
  db: Database,
  params: ExecutionListParams,
  now: Date,
): Promise<{ targets: ActionTarget[]; more: boolean }> {
  const rows = await db.prisma.$queryRaw<{ id: bigint }[]>`
    SELECT e.id FROM executions e ${whereSql(executionListConditions(params, now))}
     ORDER BY e.start_date DESC, e.id DESC LIMIT ${maxBulkItems + 1}`;
  const targets = await getActionTargets(
    db,
    rows.slice(0, maxBulkItems).map((r) => r.id),
  );
  return { targets, more: rows.length > maxBulkItems };
}
