import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { aliasNameSql, hasAliasSql, hasVersionSql, versionNumberSql } from "./query-language/qualifier-sql";

/** What the executions list's filters and its query box offer. */
export interface FilterOptions {
  readonly stateMachines: string[];
  readonly sources: string[];
  /** Alias names executions were started through, in order. */
  readonly aliases: string[];
  /** Version numbers executions ran, as text, in numeric order. */
  readonly versions: string[];
}

/** How many distinct aliases or versions the query box offers at most. */
const MAX_QUALIFIERS = 50;

/**
 * The distinct values of an indexed expression, smallest first, one index probe each (a loose
 * index scan over the partial indexes of qualifier-sql.ts): cheap however many executions share one.
 */
async function distinctOf(db: PrismaClient, value: Prisma.Sql, present: Prisma.Sql): Promise<string[]> {
  const rows = await db.$queryRaw<{ v: string }[]>(Prisma.sql`
    WITH RECURSIVE seen(v) AS (
      (SELECT ${value} FROM executions e WHERE ${present} AND ${value} IS NOT NULL ORDER BY 1 LIMIT 1)
      UNION ALL
      SELECT (SELECT ${value} FROM executions e WHERE ${present} AND ${value} > seen.v ORDER BY 1 LIMIT 1)
      FROM seen WHERE seen.v IS NOT NULL
    )
    SELECT CAST(v AS text) AS v FROM seen WHERE v IS NOT NULL LIMIT ${MAX_QUALIFIERS}`);
  return rows.map((r) => r.v);
}

/** Names offered by the executions list's filters and values its query box completes. */
export async function listFilterOptions(db: PrismaClient): Promise<FilterOptions> {
  const [machines, sources, aliases, versions] = await Promise.all([
    db.stateMachine.findMany({ select: { name: true }, distinct: ["name"], orderBy: { name: "asc" } }),
    db.source.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
    distinctOf(db, aliasNameSql("e"), hasAliasSql("e")),
    distinctOf(db, versionNumberSql("e"), hasVersionSql("e")),
  ]);
  return { stateMachines: machines.map((m) => m.name), sources: sources.map((s) => s.name), aliases, versions };
}
