// Baseline for bench/queries/query-language.ts: lib/queries/plan-list-query.ts (or lib/queries/query-language/plan-list-query.ts) as of main at 150cf49, so one
// bench run times the previous and the current list side by side. Not used by the app.
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import type { CompiledQuery } from "./compile-query";
import { compileListQuery } from "./compile-list-query";

/**
 * Entries past which a range on payload numbers is read by walking the list's order instead of
 * from its ids: a page of the walk costs ~pageSize × executions / matches probes of about 15
 * primary-key reads each (bench/queries/query-language.ts at 200,000 executions), the ids first
 * one read per match, so the two cross near √(15 × 51 × executions) ≈ 12,000 matches there.
 */
export const SMALL_RANGE_ENTRIES = 10_000;

/**
 * The list's `q` compiled for this database: each range on payload numbers is first counted on
 * its index (at most {@link SMALL_RANGE_ENTRIES} + 1 entries, an index-only range), and those
 * that match few are compiled to read their ids first. A wrong expression is the 422 of
 * `compileListQuery`, before any read.
 */
export async function planListQuery(db: PrismaClient, q: string, now: Date): Promise<CompiledQuery> {
  const first = compileListQuery(q, now);
  if (first.numberRanges.length === 0) return first;
  const counted = await Promise.all(
    first.numberRanges.map(async (range) => {
      const [row] = await db.$queryRaw<{ n: number }[]>(
        Prisma.sql`SELECT count(*)::int AS n FROM (${range.ids} LIMIT ${SMALL_RANGE_ENTRIES + 1}) s`,
      );
      return (row?.n ?? 0) <= SMALL_RANGE_ENTRIES ? [range.key] : [];
    }),
  );
  const small = new Set(counted.flat());
  return small.size === 0 ? first : compileListQuery(q, now, { smallRanges: small });
}
