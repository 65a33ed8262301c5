// Baseline for bench/queries/query-language.ts and partitions.ts: lib/queries/read-execution-rows.ts as of main at 887374b (before session 9), so one
// bench run times the previous and the current list side by side. Not used by the app.
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import type { ExecutionListParams } from "@/lib/queries/execution-list-params";
import { whereSql } from "./execution-list-sql";
import type { ExecutionListRow } from "@/lib/queries/execution-list-types";

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

export interface ExecutionRowsQuery {
  /** Conditions on `executions e` (the list's filters, a keyset position). */
  readonly conditions: readonly Prisma.Sql[];
  /** `ORDER BY …` of the list (`executionListOrder`). */
  readonly order: Prisma.Sql;
  readonly limit: number;
  readonly offset: number;
  /** Characters of the cause kept (the list shows 300); null: the whole cause (an export). */
  readonly causeChars: number | null;
  /**
   * Read without parallel workers: a LIMITed walk of the list's order that probes each row's
   * payload number stops after a page; starting workers for it cost more than the walk they
   * would share (the planner chose them for `input.order.amount > 990` and took ~2× as
   * long on a loaded 2-CPU machine, bench/queries/query-language.ts).
   */
  readonly serial?: boolean;
}

/**
 * The executions under `conditions`, in `order`: the ids first, in a plan the list's indexes
 * answer alone (MATERIALIZED keeps it apart), then only those rows in full with their state
 * machine and source, so no row is read just to be skipped or sorted out.
 */
export async function readExecutionRows(db: PrismaClient, q: ExecutionRowsQuery): Promise<ExecutionListRow[]> {
  const cause = q.causeChars === null ? Prisma.sql`e.cause` : Prisma.sql`left(e.cause, ${q.causeChars})`;
  const read = db.$queryRaw<RowRecord[]>`
    WITH page AS MATERIALIZED (
      SELECT e.id FROM executions e ${whereSql(q.conditions)} ${q.order} LIMIT ${q.limit} OFFSET ${q.offset})
    SELECT e.id, e.execution_arn, e.name, e.type::text AS type, e.status::text AS status, e.start_date, e.stop_date, e.duration_ms,
           e.error, ${cause} AS cause, e.root_cause_state, e.root_cause_error, e.redrive_count, e.event_count, e.partial_reason,
           m.name AS sm_name, m.arn AS sm_arn, s.name AS source_name, s.kind::text AS source_kind, s.is_demo
      FROM page JOIN executions e ON e.id = page.id JOIN state_machines m ON m.id = e.state_machine_id JOIN sources s ON s.id = e.source_id
     ${q.order}`;
  const records = q.serial
    ? // set_config(…, true): for this transaction only.
      (await db.$transaction([db.$queryRaw`SELECT set_config('max_parallel_workers_per_gather', '0', true)`, read]))[1]
    : await read;
  return records.map(toRow);
}

function toRow(r: RowRecord): ExecutionListRow {
  return {
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
  };
}

/** A row's value of the list's sort, as its keyset cursor carries it. */
export function sortValueOf(sort: ExecutionListParams["sort"], r: ExecutionListRow): string | number | null {
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
