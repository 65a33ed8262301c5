import type { Database } from "@/lib/db/database";
import { Prisma } from "@/lib/db/generated/client";
import type { HistoryEvent } from "@/lib/history/types";
import { readHistories } from "./read-histories";

/** A stored execution with what its trace needs. */
export interface TracedExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly status: string;
  readonly startDate: string;
  readonly stopDate: string | null;
  readonly accountId: string | null;
  readonly region: string | null;
  readonly sourceName: string;
  readonly redriveCount: number;
  readonly input: string | null;
  /** The X-Ray trace header StartExecution was given, when DescribeExecution reported one. */
  readonly traceHeader: string | null;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  /** The Distributed Map execution that started this one as a child, and its Map Run. */
  readonly parentExecutionArn: string | null;
  readonly mapRunArn: string | null;
  /** The execution this one replays. */
  readonly replayOfExecutionArn: string | null;
  readonly events: readonly HistoryEvent[];
}

/** Which ended executions a trace export reads. */
export interface TracedExecutionFilter {
  /** Only changes after this number of the executions' change sequence (the export's cursor). */
  readonly afterSeq?: bigint;
  /** Only executions that started at or after this date. */
  readonly since?: Date;
  /** Local runs (interpreter runs, replays, redrives) are experiments: left out unless asked for. */
  readonly includeLocal?: boolean;
  /** Only executions that match this condition on `executions e` (a compiled query-language expression). */
  readonly where?: Prisma.Sql;
  readonly limit: number;
}

/** A batch of ended executions in change order, with their histories; `seq` is the last change number read. */
export interface TracedExecutionBatch {
  readonly executions: readonly (TracedExecution & { readonly seq: bigint })[];
}

interface Row {
  id: string;
  seq: string;
  execution_arn: string;
  name: string;
  state_machine_arn: string;
  state_machine_name: string;
  type: "STANDARD" | "EXPRESS";
  status: string;
  start_date: Date;
  stop_date: Date | null;
  account_id: string | null;
  region: string | null;
  source_name: string;
  redrive_count: number;
  input: string | null;
  trace_header: string | null;
  output: string | null;
  error: string | null;
  cause: string | null;
  parent_arn: string | null;
  map_run_arn: string | null;
  replay_of_arn: string | null;
}

/** Ended executions (with their events) for a trace export, oldest change first. */
export async function listTracedExecutions(db: Database, filter: TracedExecutionFilter): Promise<TracedExecutionBatch> {
  const query = Prisma.sql`SELECT e.id::text, e.change_seq::text AS seq, e.execution_arn, e.name, sm.arn AS state_machine_arn,
            sm.name AS state_machine_name, e.type, e.status, e.start_date, e.stop_date, e.account_id, e.region,
            s.name AS source_name, e.redrive_count, e.input, e.trace_header, e.output, e.error, e.cause,
            p.execution_arn AS parent_arn, e.map_run_arn, r.execution_arn AS replay_of_arn
       FROM executions e
       JOIN state_machines sm ON sm.id = e.state_machine_id
       JOIN sources s ON s.id = e.source_id
       LEFT JOIN executions p ON p.id = e.parent_execution_id
       LEFT JOIN executions r ON r.id = e.replay_of_execution_id
      WHERE e.change_seq > ${String(filter.afterSeq ?? 0n)}::bigint AND ${tracedConditions(filter)}
      ORDER BY e.change_seq
      LIMIT ${filter.limit}`;
  const { rows } = await db.pool.query<Row>(query.text, query.values);
  if (rows.length === 0) return { executions: [] };
  const byExecution = await readHistories(
    db,
    rows.map((r) => r.id),
  );
  return {
    executions: rows.map((r) => ({
      seq: BigInt(r.seq),
      executionArn: r.execution_arn,
      name: r.name,
      stateMachineArn: r.state_machine_arn,
      stateMachineName: r.state_machine_name,
      type: r.type,
      status: r.status,
      startDate: r.start_date.toISOString(),
      stopDate: r.stop_date?.toISOString() ?? null,
      accountId: r.account_id,
      region: r.region,
      sourceName: r.source_name,
      redriveCount: r.redrive_count,
      input: r.input,
      traceHeader: r.trace_header,
      output: r.output,
      error: r.error,
      cause: r.cause,
      parentExecutionArn: r.parent_arn,
      mapRunArn: r.map_run_arn,
      replayOfExecutionArn: r.replay_of_arn,
      events: byExecution.get(r.id) ?? [],
    })),
  };
}

/** The conditions every trace export shares: ended, since, local runs, the query. */
function tracedConditions(filter: Omit<TracedExecutionFilter, "limit" | "afterSeq">): Prisma.Sql {
  return Prisma.join(
    [
      Prisma.sql`e.status <> 'RUNNING'`,
      filter.since === undefined ? Prisma.sql`TRUE` : Prisma.sql`e.start_date >= ${filter.since}`,
      filter.includeLocal
        ? Prisma.sql`TRUE`
        : Prisma.sql`e.source_id NOT IN (SELECT id FROM sources WHERE kind = 'LOCAL')`,
      filter.where ?? Prisma.sql`TRUE`,
    ],
    " AND ",
  );
}

/** How many ended executions an export would send (for its progress bar). */
export async function countTracedExecutions(
  db: Database,
  filter: Omit<TracedExecutionFilter, "limit" | "afterSeq">,
): Promise<number> {
  const query = Prisma.sql`SELECT count(*)::text AS n FROM executions e WHERE ${tracedConditions(filter)}`;
  const { rows } = await db.pool.query<{ n: string }>(query.text, query.values);
  return Number(rows[0]?.n ?? 0);
}
