// Baseline for bench/queries/query-language.ts: lib/queries/count-executions.ts as of commit 2f249ac (before the exact
// count had a time budget). Not used by the app.
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { whereSql } from "@/lib/queries/execution-list-sql";

/** Counting stops here: past it the list says "10,000+" instead of scanning everything. */
export const totalCap = 10_000;

/** Rows a text search's estimate reads (a block sample of `executions`). */
const SAMPLE_ROWS = 20_000;
/** Below this many estimated matches a text search is counted exactly (cheap: few rows to recheck). */
const ESTIMATE_FROM = 2_000;

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
 *   otherwise it is counted exactly.
 */
export async function countExecutions(
  db: PrismaClient,
  conditions: readonly Prisma.Sql[],
  hasText: boolean,
): Promise<ExecutionCount> {
  if (hasText) {
    const [stats] = await db.$queryRaw<
      { rows: number }[]
    >`SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'executions'::regclass`;
    const tableRows = stats?.rows ?? 0;
    if (tableRows > SAMPLE_ROWS * 2) {
      const percent = (100 * SAMPLE_ROWS) / tableRows;
      const [sample] = await db.$queryRaw<{ hits: number; seen: number }[]>`
        SELECT (count(*) FILTER (WHERE ${Prisma.join(conditions, " AND ")}))::int AS hits, count(*)::int AS seen
          FROM executions e TABLESAMPLE SYSTEM (CAST(${percent} AS real)) REPEATABLE (1)`;
      const estimate = sample && sample.seen > 0 ? (sample.hits / sample.seen) * tableRows : 0;
      if (estimate >= ESTIMATE_FROM) return { kind: "estimate", total: roughly(estimate) };
    }
  }
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM executions e ${whereSql(conditions)} LIMIT ${totalCap + 1}) s`;
  const n = row?.n ?? 0;
  return n > totalCap ? { kind: "lowerBound", total: totalCap } : { kind: "exact", total: n };
}
