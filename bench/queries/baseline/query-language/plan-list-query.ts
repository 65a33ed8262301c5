// Baseline for bench/queries/query-language.ts: lib/queries/query-language/plan-list-query.ts as of main at 887374b (before session 9), so one
// bench run times the previous and the current list side by side. Not used by the app.
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { totalCap, type ExecutionCount } from "./count-executions";
import type { CompiledQuery } from "./compile-query";
import { compileListQuery } from "./compile-list-query";

/**
 * Entries past which a range on payload numbers is read by walking the list's order instead of
 * from its ids: a page of the walk costs ~pageSize × executions / matches probes of about 15
 * primary-key reads each (bench/queries/query-language.ts at 200,000 executions), the ids first
 * one read per match, so the two cross near √(15 × 51 × executions) ≈ 12,000 matches there.
 */
export const SMALL_RANGE_ENTRIES = 10_000;

/** A query compiled for this database, and its count when counting its ranges gave it. */
export interface PlannedQuery extends CompiledQuery {
  /**
   * The executions the query selects (exact up to `totalCap`, past it "10,000+") when the
   * whole query is one range on payload numbers, whose index entries were counted to plan it;
   * null otherwise (the list counts them itself).
   */
  readonly total: ExecutionCount | null;
}

/**
 * The list's `q` compiled for this database: each range on payload numbers is first counted on
 * its index (at most `max(SMALL_RANGE_ENTRIES, totalCap)` + 1 entries, an index-only range), and
 * those that match few are compiled to read their ids first. A wrong expression is the 422 of
 * `compileListQuery`, before any read.
 */
export async function planListQuery(db: PrismaClient, q: string, now: Date): Promise<PlannedQuery> {
  const first = compileListQuery(q, now);
  if (first.numberRanges.length === 0) return { ...first, total: null };
  const cap = Math.max(SMALL_RANGE_ENTRIES, totalCap);
  const counted = new Map(
    await Promise.all(
      first.numberRanges.map(async (range) => {
        const [row] = await db.$queryRaw<{ n: number }[]>(
          Prisma.sql`SELECT count(*)::int AS n FROM (${range.ids} LIMIT ${cap + 1}) s`,
        );
        return [range.key, row?.n ?? 0] as const;
      }),
    ),
  );
  const small = new Set([...counted].filter(([, n]) => n <= SMALL_RANGE_ENTRIES).map(([key]) => key));
  const compiled = small.size === 0 ? first : compileListQuery(q, now, { smallRanges: small });
  const lone = compiled.onlyRange === null ? undefined : counted.get(compiled.onlyRange);
  const total: ExecutionCount | null =
    lone === undefined
      ? null
      : lone > totalCap
        ? { kind: "lowerBound", total: totalCap }
        : { kind: "exact", total: lone };
  return { ...compiled, total };
}
