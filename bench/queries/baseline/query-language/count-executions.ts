// Baseline for bench/queries/query-language.ts and partitions.ts: lib/queries/count-executions.ts as of main at 887374b (before session 9), so one
// bench run times the previous and the current list side by side. Not used by the app.
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { whereSql } from "./execution-list-sql";

/** Counting stops here: past it the list says "10,000+" instead of scanning everything. */
export const totalCap = 10_000;

/** Rows a text search's estimate reads (a block sample of `executions`). */
const SAMPLE_ROWS = 20_000;
/** Below this many estimated matches a text search is counted exactly (cheap: few rows to recheck). */
const ESTIMATE_FROM = 2_000;
/**
 * The planner's cost of the capped count past which a query is estimated from a sample instead
 * (`costGate`): conditions each answered by an index can still cost a join of large sets when few
 * rows match all of them (`status = "FAILED" AND input.order.amount > 500 AND state = "Charge"`
 * looks at every failed execution: cost ~14,500 and 584 ms at 200,000 executions, where a single
 * range's count costs ~2,600).
 */
const EXACT_COST_LIMIT = 10_000;

/**
 * Milliseconds an exact count may take when the planner or the sample says it reads many rows
 * for few matches (`status = "FAILED" AND input.x = "rare" AND failedState = "Ship"` over a
 * million executions): past it the count is given up and says "at least what the page showed".
 */
export const COUNT_BUDGET_MS = 100;

export type ExecutionCount =
  | { readonly kind: "exact"; readonly total: number }
  | { readonly kind: "lowerBound"; readonly total: number }
  | { readonly kind: "estimate"; readonly total: number };

/** Rounds to two significant figures (an estimate should not look exact). */
const roughly = (n: number) => {
  const scale = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(n, 1))) - 1);
  return Math.round(n / scale) * scale;
};

/**
 * How many executions the conditions select, as cheaply as the filters allow:
 * - without text search, an exact count that stops at {@link totalCap} (`SELECT 1 … LIMIT`, so
 *   the composite indexes answer it from the index alone);
 * - with text search (ILIKE over error, cause and root-cause state, which no index answers
 *   without reading the rows), a block sample of ~20,000 rows gives the share that matches;
 *   when that share × the table's size is 2,000 or more the total is that estimate, rounded,
 *   otherwise it is counted exactly;
 * - with `costGate` (a query-language expression), a count the planner prices over
 *   {@link EXACT_COST_LIMIT} is treated as a text search's.
 */
export async function countExecutions(
  db: PrismaClient,
  conditions: readonly Prisma.Sql[],
  hasText: boolean,
  opts: { readonly costGate?: boolean } = {},
): Promise<ExecutionCount> {
  let text = hasText;
  const capped = Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM executions e ${whereSql(conditions)} LIMIT ${totalCap + 1}) s`;
  if (opts.costGate && !text) {
    const [plan] = await db.$queryRaw<
      { "QUERY PLAN": { Plan: { "Total Cost": number } }[] }[]
    >`EXPLAIN (FORMAT JSON) ${capped}`;
    if ((plan?.["QUERY PLAN"][0]?.Plan["Total Cost"] ?? 0) > EXACT_COST_LIMIT) text = true;
  }
  if (text) {
    // The table's size and the sample in one round trip: a table of 2 × SAMPLE_ROWS or fewer
    // rows is not sampled (0 %) but counted. The size is the sum of the partitions' row
    // estimates: autovacuum keeps none for a partitioned table itself.
    const [sample] = await db.$queryRaw<{ hits: number; seen: number; rows: number }[]>`
      WITH t AS (
        SELECT COALESCE(sum(greatest(c.reltuples, 0)), 0)::float8 AS rows
          FROM pg_partition_tree('executions') p JOIN pg_class c ON c.oid = p.relid WHERE p.isleaf)
      SELECT (count(*) FILTER (WHERE ${Prisma.join(conditions, " AND ")}))::int AS hits, count(*)::int AS seen,
             (SELECT rows FROM t) AS rows
        FROM executions e TABLESAMPLE SYSTEM ((
          SELECT CASE WHEN rows > ${SAMPLE_ROWS * 2} THEN 100 * ${SAMPLE_ROWS} / rows ELSE 0 END FROM t)::real) REPEATABLE (1)`;
    const estimate = sample && sample.seen > 0 ? (sample.hits / sample.seen) * sample.rows : 0;
    if (estimate >= ESTIMATE_FROM) return { kind: "estimate", total: roughly(estimate) };
    // Few matches, but finding them reads many rows: counted within a time budget.
    if ((sample?.rows ?? 0) > SAMPLE_ROWS * 2) return countWithin(db, capped, COUNT_BUDGET_MS);
  }
  const [row] = await db.$queryRaw<{ n: number }[]>`${capped}`;
  const n = row?.n ?? 0;
  return n > totalCap ? { kind: "lowerBound", total: totalCap } : { kind: "exact", total: n };
}

/** How many distinct execution ids `ids` (`SELECT <id> FROM …`, each once) holds, exact up to {@link totalCap}. */
export async function countIds(db: PrismaClient, ids: Prisma.Sql): Promise<ExecutionCount> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${ids} LIMIT ${totalCap + 1}) s`;
  const n = row?.n ?? 0;
  return n > totalCap ? { kind: "lowerBound", total: totalCap } : { kind: "exact", total: n };
}

/** Postgres cancelled the statement at its `statement_timeout` (SQLSTATE 57014), however the driver wraps it. */
const isStatementTimeout = (error: unknown): boolean =>
  /57014|statement timeout/i.test(`${String(error)} ${JSON.stringify(error, Object.getOwnPropertyNames(error ?? {}))}`);

/**
 * The capped count `capped` (`SELECT count(*)::int AS n …`), given up after `budgetMs`
 * (`statement_timeout` for this transaction only): then `{ kind: "lowerBound", total: 0 }`,
 * "nothing known", which the list raises to the rows its page showed.
 */
export async function countWithin(db: PrismaClient, capped: Prisma.Sql, budgetMs: number): Promise<ExecutionCount> {
  try {
    const [, [row]] = await db.$transaction([
      db.$queryRaw`SELECT set_config('statement_timeout', ${String(Math.max(1, Math.round(budgetMs)))}, true)`,
      db.$queryRaw<{ n: number }[]>`${capped}`,
    ]);
    const n = row?.n ?? 0;
    return n > totalCap ? { kind: "lowerBound", total: totalCap } : { kind: "exact", total: n };
  } catch (error) {
    if (isStatementTimeout(error)) return { kind: "lowerBound", total: 0 };
    throw error;
  }
}
