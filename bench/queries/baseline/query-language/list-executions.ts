// Baseline for bench/queries/query-language.ts and partitions.ts: lib/queries/list-executions.ts as of main at 887374b (before session 9), so one
// bench run times the previous and the current list side by side. Not used by the app.
import type { PrismaClient } from "@/lib/db/generated/client";
import { countExecutions, countIds, type ExecutionCount } from "./count-executions";
import {
  decodeExecutionListCursor,
  encodeExecutionListCursor,
  type ExecutionListCursor,
} from "@/lib/queries/execution-list-cursor";
import type { ExecutionListParams } from "@/lib/queries/execution-list-params";
import { executionListConditions, executionListKeyset, executionListOrder } from "./execution-list-sql";
import { readExecutionRows, sortValueOf } from "./read-execution-rows";
import type { ExecutionListPage, ExecutionListRow } from "@/lib/queries/execution-list-types";
import { planListQuery } from "./plan-list-query";

export { totalCap } from "./count-executions";

/** The `after` or `before` cursor of checked list params, or null. */
export function cursorOf(params: ExecutionListParams, side: "after" | "before"): ExecutionListCursor | null {
  const token = params[side];
  if (!token) return null;
  const decoded = decodeExecutionListCursor(token);
  // executionListParamsSchema has checked the token and its sort.
  if (!decoded.ok || decoded.cursor.sort !== params.sort) throw new Error(`${side}: not a cursor of this list`);
  return decoded.cursor;
}

/**
 * One page of executions under the list's filters and sort. Page by `after`/`before`
 * cursors (keyset: the page's position costs nothing) or by `page` (offset). One round
 * trip for the rows (ids from the indexes, then those rows in full: no row is read just to
 * be skipped or sorted out) and, at the same time, one for the bounded count.
 */
export async function listExecutions(
  db: PrismaClient,
  params: ExecutionListParams,
  now = new Date(),
): Promise<ExecutionListPage> {
  const after = cursorOf(params, "after");
  const before = cursorOf(params, "before");
  const compiled = params.q === undefined ? null : await planListQuery(db, params.q, now);
  const conditions = executionListConditions(params, now, compiled ?? undefined);
  const keyed = [
    ...conditions,
    ...(after ? [executionListKeyset(params, after, "after")] : []),
    ...(before ? [executionListKeyset(params, before, "before")] : []),
  ];
  const offset = after || before ? 0 : (params.page - 1) * params.pageSize;
  const order = executionListOrder(params, before !== null);
  // Joins per execution (states, payload numbers) are counted exactly, as other filters: a block
  // sample would probe another table for each of its ~20,000 rows (slower than the capped count
  // in bench/queries/query-language.ts for state = X and numeric ranges).
  const estimates = compiled?.searchesText ?? false;
  const reading = readExecutionRows(db, {
    conditions: keyed,
    order,
    limit: params.pageSize + 1,
    offset,
    causeChars: 300,
    serial: compiled?.rangesNumbers ?? false,
  });
  // A lone range on payload numbers was counted on its index to plan it: that is the count,
  // unless other filters narrow it. Otherwise the count runs beside the page (a text search's
  // estimate too: a complete first page, its own count, is rare enough not to wait for).
  // A lone `state = X` is counted on the state runs' index alone.
  const alone = conditions.length === 1;
  const counting =
    compiled?.total && alone
      ? Promise.resolve(compiled.total)
      : compiled?.stateIds && alone
        ? countIds(db, compiled.stateIds)
        : countExecutions(db, conditions, estimates, { costGate: compiled !== null });
  const undecided = compiled?.undecided
    ? countExecutions(db, [...executionListConditions({ ...params, q: undefined }, now), compiled.undecided], false)
    : null;
  const found = await reading;
  // Reading backwards: one row beyond the page means there are earlier pages.
  const more = found.length > params.pageSize;
  const rows = found.slice(0, params.pageSize);
  if (before) rows.reverse();
  const count = countSeen(await counting, {
    whole: !after && !before && params.page === 1 && !more,
    seen: offset + rows.length + (more ? 1 : 0),
  });
  const cursorAt = (row: ExecutionListRow | undefined) =>
    row ? encodeExecutionListCursor({ sort: params.sort, value: sortValueOf(params.sort, row), id: row.id }) : null;
  const hasNext = before ? true : more;
  const hasPrev = before ? more : after !== null || params.page > 1;
  return {
    rows,
    page: params.page,
    pageSize: params.pageSize,
    hasNext,
    nextCursor: hasNext ? cursorAt(rows.at(-1)) : null,
    prevCursor: hasPrev ? cursorAt(rows[0]) : null,
    total: count.total,
    totalIsLowerBound: count.kind === "lowerBound",
    totalIsEstimate: count.kind === "estimate",
    undecided: undecided && (await undecided.then((u) => ({ total: u.total, totalIsLowerBound: u.kind !== "exact" }))),
  };
}

/**
 * The list's count given what its page showed: a first page that holds every match is its own
 * exact count (an estimate may say otherwise), and a lower bound is at least the rows up to the
 * page's end, and one more when there is a next page (a count given up on says 0: "51+").
 */
export function countSeen(count: ExecutionCount, page: { whole: boolean; seen: number }): ExecutionCount {
  if (page.whole && count.kind !== "exact") return { kind: "exact", total: page.seen };
  if (count.kind === "lowerBound" && count.total < page.seen) return { kind: "lowerBound", total: page.seen };
  return count;
}
