import { productionScopeSql } from "./production-scope";
import { Prisma } from "@/lib/db/generated/client";
import type { ExecutionListCursor } from "./execution-list-cursor";
import { timeRanges, type ExecutionListParams } from "./execution-list-params";
import { compileListQuery } from "./query-language/compile-list-query";
import type { CompiledQuery } from "./query-language/compile-query";

type Sort = ExecutionListParams["sort"];

/** The SQL each sort orders by (on `executions e`), and whether it can be null (running executions). */
const sortColumns: Record<Sort, { sql: Prisma.Sql; nullable: boolean; cast: string }> = {
  startDate: { sql: Prisma.sql`e.start_date`, nullable: false, cast: "timestamptz" },
  stopDate: { sql: Prisma.sql`e.stop_date`, nullable: true, cast: "timestamptz" },
  duration: { sql: Prisma.sql`e.duration_ms`, nullable: true, cast: "bigint" },
  name: { sql: Prisma.sql`e.name`, nullable: false, cast: "text" },
  // Enum order, as the column sorts; the cursor carries the label.
  status: { sql: Prisma.sql`e.status`, nullable: false, cast: "execution_status" },
  stateMachine: {
    sql: Prisma.sql`(SELECT m.name FROM state_machines m WHERE m.id = e.state_machine_id)`,
    nullable: false,
    cast: "text",
  },
};

/**
 * The list's filters as SQL conditions on `executions e`. State machine and source are
 * matched by id (subqueries on their names) so the composite indexes on `executions` serve
 * both the rows and the count; `now` anchors relative ranges; `query`: `p.q` already compiled
 * (`planListQuery`).
 */
export function executionListConditions(
  p: ExecutionListParams,
  now: Date,
  query?: Pick<CompiledQuery, "where">,
): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (p.status?.length)
    where.push(
      Prisma.sql`e.status IN (${Prisma.join(p.status.map((s) => Prisma.sql`CAST(${s} AS execution_status)`))})`,
    );
  if (p.stateMachine)
    // AWS state machine names may not contain ":", so a value with one is an ARN: that machine alone.
    where.push(
      p.stateMachine.includes(":")
        ? Prisma.sql`e.state_machine_id IN (SELECT id FROM state_machines WHERE arn = ${p.stateMachine})`
        : Prisma.sql`e.state_machine_id IN (SELECT id FROM state_machines WHERE name = ${p.stateMachine})`,
    );
  if (p.source) where.push(Prisma.sql`e.source_id IN (SELECT id FROM sources WHERE name = ${p.source})`);
  if (p.exclude === "local") where.push(Prisma.raw(productionScopeSql("e.source_id")));
  if (p.signature) where.push(Prisma.sql`e.failure_signature = ${p.signature}`);
  if (p.qualifier)
    where.push(
      Prisma.sql`(e.state_machine_version_arn = ${p.qualifier} OR e.state_machine_alias_arn = ${p.qualifier})`,
    );
  if (p.parent)
    where.push(Prisma.sql`e.parent_execution_id = (SELECT id FROM executions WHERE execution_arn = ${p.parent})`);
  // The query language (lib/queries/query-language); plain text searches error, cause and root-cause state.
  if (p.q) where.push((query ?? compileListQuery(p.q, now)).where);
  const span = p.range ? timeRanges[p.range] : null;
  if (span !== null) where.push(Prisma.sql`e.start_date >= ${new Date(now.getTime() - span)}`);
  if (p.from) where.push(Prisma.sql`e.start_date >= ${new Date(p.from)}`);
  if (p.to) where.push(Prisma.sql`e.start_date < ${new Date(p.to)}`);
  return where;
}

/** `ORDER BY` of the list, or its reverse (to read the page before a cursor); nulls sort last in the list's order. */
export function executionListOrder(p: ExecutionListParams, reverse: boolean): Prisma.Sql {
  const col = sortColumns[p.sort];
  const desc = (p.order === "desc") !== reverse;
  const dir = Prisma.raw(desc ? "DESC" : "ASC");
  // Only nullable sorts say where nulls go: a NULLS clause unlike the index's would make the
  // planner sort the whole table instead of reading the index in order.
  const nulls = Prisma.raw(!col.nullable ? "" : reverse ? "NULLS FIRST" : "NULLS LAST");
  return Prisma.sql`ORDER BY ${col.sql} ${dir} ${nulls}, e.id ${dir}`;
}

/**
 * Rows that come after (`side` "after") or before the cursor's row in the list's order
 * (sort value, then id; nulls last). Non-null sorts compare as a row value, which the
 * sort's index can seek to.
 */
export function executionListKeyset(
  p: ExecutionListParams,
  cursor: ExecutionListCursor,
  side: "after" | "before",
): Prisma.Sql {
  const col = sortColumns[p.sort];
  const forward = (p.order === "desc") === (side === "after");
  const cmp = Prisma.raw(forward ? "<" : ">");
  const id = BigInt(cursor.id);
  if (cursor.value === null) {
    // The cursor is among the nulls, which end the list.
    return side === "after"
      ? Prisma.sql`(${col.sql} IS NULL AND e.id ${cmp} ${id})`
      : Prisma.sql`(${col.sql} IS NOT NULL OR e.id ${cmp} ${id})`;
  }
  const value = Prisma.sql`CAST(${cursor.value} AS ${Prisma.raw(col.cast)})`;
  const keyed = Prisma.sql`(${col.sql}, e.id) ${cmp} (${value}, ${id})`;
  return col.nullable && side === "after" ? Prisma.sql`(${keyed} OR ${col.sql} IS NULL)` : keyed;
}

/** `WHERE …` of the conditions, or nothing. */
export const whereSql = (conditions: readonly Prisma.Sql[]): Prisma.Sql =>
  conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

/**
 * The executions of a query's driver (`pairs`: `SELECT … AS id, … AS start_date`) as `e`: joined to
 * their rows (by id and start date, one partition each) when conditions are to be checked on
 * them (`rows`), else the pairs alone (what the list's start-date order and keyset read).
 */
export const drivenFrom = (pairs: Prisma.Sql, rows: boolean): Prisma.Sql =>
  rows
    ? Prisma.sql`(${pairs}) d JOIN executions e ON e.id = d.id AND e.start_date = d.start_date`
    : Prisma.sql`(${pairs}) e`;
