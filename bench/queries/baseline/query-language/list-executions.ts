// Baseline for bench/queries/query-language.ts: lib/queries/list-executions.ts as of commit 2f249ac with the query compiled
// by the baseline compiler beside it (./compile-query.ts), so one bench run times the previous and the current
// query language side by side. Not used by the app.
import type { PrismaClient } from "@/lib/db/generated/client";
import { countExecutions } from "./count-executions";
import {
  decodeExecutionListCursor,
  encodeExecutionListCursor,
  type ExecutionListCursor,
} from "@/lib/queries/execution-list-cursor";
import type { ExecutionListParams } from "@/lib/queries/execution-list-params";
import type { Prisma } from "@/lib/db/generated/client";
import {
  executionListConditions,
  executionListKeyset,
  executionListOrder,
  whereSql,
} from "@/lib/queries/execution-list-sql";
import type { ExecutionListPage, ExecutionListRow } from "@/lib/queries/execution-list-types";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { compileQuery } from "./compile-query";

const compileListQuery = (q: string, now: Date) => compileQuery(parseListQuery(q), now);

/** The list's conditions with `q` compiled by the baseline compiler. */
function baselineConditions(params: ExecutionListParams, now: Date): Prisma.Sql[] {
  const rest = executionListConditions({ ...params, q: undefined }, now);
  return params.q ? [...rest, compileListQuery(params.q, now).where] : rest;
}

function cursorOf(params: ExecutionListParams, side: "after" | "before"): ExecutionListCursor | null {
  const token = params[side];
  if (!token) return null;
  const decoded = decodeExecutionListCursor(token);
  // executionListParamsSchema has checked the token and its sort.
  if (!decoded.ok || decoded.cursor.sort !== params.sort) throw new Error(`${side}: not a cursor of this list`);
  return decoded.cursor;
}

interface RowRecord {
  id: bigint;
  execution_arn: string;
  name: string;
  type: "STANDARD" | "EXPRESS";
  status: string;
  start_date: Date;
  stop_date: Date | null;
  duration_ms: bigint | null;
  error: string | null;
  cause: string | null;
  root_cause_state: string | null;
  root_cause_error: string | null;
  redrive_count: number;
  event_count: number;
  partial_reason: string | null;
  sm_name: string;
  sm_arn: string;
  source_name: string;
  source_kind: string;
  is_demo: boolean;
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
  const conditions = baselineConditions(params, now);
  const keyed = [
    ...conditions,
    ...(after ? [executionListKeyset(params, after, "after")] : []),
    ...(before ? [executionListKeyset(params, before, "before")] : []),
  ];
  const offset = after || before ? 0 : (params.page - 1) * params.pageSize;
  // The page's ids first, in a plan the list's indexes answer alone (MATERIALIZED keeps it
  // apart); then only those rows are read in full, with their state machine and source.
  const order = executionListOrder(params, before !== null);
  const found = db.$queryRaw<RowRecord[]>`
    WITH page AS MATERIALIZED (
      SELECT e.id FROM executions e ${whereSql(keyed)} ${order} LIMIT ${params.pageSize + 1} OFFSET ${offset})
    SELECT e.id, e.execution_arn, e.name, e.type::text AS type, e.status::text AS status, e.start_date, e.stop_date, e.duration_ms,
           e.error, left(e.cause, 300) AS cause, e.root_cause_state, e.root_cause_error, e.redrive_count, e.event_count, e.partial_reason,
           m.name AS sm_name, m.arn AS sm_arn, s.name AS source_name, s.kind::text AS source_kind, s.is_demo
      FROM page JOIN executions e ON e.id = page.id JOIN state_machines m ON m.id = e.state_machine_id JOIN sources s ON s.id = e.source_id
     ${order}`;
  // Without text search the count is cheap whatever the page; with it, a complete first page is its own count.
  const compiled = params.q === undefined ? null : compileListQuery(params.q, now);
  const searchesText = compiled?.searchesText ?? false;
  const counting =
    !searchesText || after || before || params.page > 1 ? countExecutions(db, conditions, searchesText) : null;
  const undecided = compiled?.undecided
    ? countExecutions(db, [...executionListConditions({ ...params, q: undefined }, now), compiled.undecided], false)
    : null;
  const records = await found;
  // Reading backwards: one row beyond the page means there are earlier pages.
  const more = records.length > params.pageSize;
  const pageRecords = records.slice(0, params.pageSize);
  if (before) pageRecords.reverse();
  const count = counting
    ? await counting
    : more
      ? await countExecutions(db, conditions, true)
      : { kind: "exact" as const, total: pageRecords.length };
  const rows: ExecutionListRow[] = pageRecords.map((r) => ({
    id: r.id.toString(),
    executionArn: r.execution_arn,
    name: r.name,
    stateMachineName: r.sm_name,
    stateMachineArn: r.sm_arn,
    type: r.type,
    status: r.status,
    startDate: r.start_date.toISOString(),
    stopDate: r.stop_date?.toISOString() ?? null,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    error: r.error,
    cause: r.cause,
    rootCauseState: r.root_cause_state,
    rootCauseError: r.root_cause_error,
    sourceName: r.source_name,
    sourceKind: r.source_kind,
    isDemo: r.is_demo,
    redriveCount: r.redrive_count,
    eventCount: r.event_count,
    partialReason: r.partial_reason,
  }));
  const cursorAt = (row: ExecutionListRow | undefined) =>
    row ? encodeExecutionListCursor({ sort: params.sort, value: sortValue(params.sort, row), id: row.id }) : null;
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

function sortValue(sort: ExecutionListParams["sort"], r: ExecutionListRow): string | number | null {
  switch (sort) {
    case "startDate":
      return r.startDate;
    case "stopDate":
      return r.stopDate;
    case "duration":
      return r.durationMs;
    case "name":
      return r.name;
    case "status":
      return r.status;
    case "stateMachine":
      return r.stateMachineName;
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}
