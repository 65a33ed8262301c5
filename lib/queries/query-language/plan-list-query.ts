import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { totalCap, type ExecutionCount } from "../count-executions";
import type { CompiledQuery, QueryDriver } from "./compile-query";
import { compileListQuery } from "./compile-list-query";

/**
 * Entries past which a range on payload numbers is read by walking the list's order instead of
 * from its ids: a page of the walk costs ~pageSize × executions / matches probes of about 15
 * primary-key reads each (bench/queries/query-language.ts at 200,000 executions), the ids first
 * one read per match, so the two cross near √(15 × 51 × executions) ≈ 12,000 matches there.
 */
export const SMALL_RANGE_ENTRIES = 10_000;

/**
 * What probing one execution (reading its row by id and start date, checking conditions) costs,
 * in index entries read: the unit of {@link chooseDriver}'s comparison.
 */
const PROBE_COST = 15;

/** A driver of the query and how many executions it lists (counted up to the planning cap, then cap + 1). */
export interface CountedDriver extends QueryDriver {
  readonly entries: number;
}

/** A query compiled for this database, and its count when counting its ranges gave it. */
export interface PlannedQuery extends CompiledQuery {
  /**
   * The executions the query selects (exact up to `totalCap`, past it "10,000+") when the
   * whole query is one range on payload numbers, whose index entries were counted to plan it;
   * null otherwise (the list counts them itself).
   */
  readonly total: ExecutionCount | null;
  /** Its drivers, each counted (at most the cap of {@link planListQuery} + 1). */
  readonly counted: readonly CountedDriver[];
  /** The executions stored (the partitions' row estimates). */
  readonly executions: number;
  /** Drivers were counted up to this many entries (a driver counted past it lists more). */
  readonly countedUpTo: number;
}

/**
 * The list's `q` compiled for this database: each range on payload numbers and each driver is
 * first counted on its index (at most `max(SMALL_RANGE_ENTRIES, totalCap)` + 1 entries, an
 * index-only range; a driver listing more is not chosen), and ranges that match few are compiled
 * to read their ids first. All in one round trip of parallel statements. A wrong expression is
 * the 422 of `compileListQuery`, before any read.
 */
export async function planListQuery(db: PrismaClient, q: string, now: Date): Promise<PlannedQuery> {
  const first = compileListQuery(q, now);
  if (first.numberRanges.length === 0 && first.drivers.length === 0)
    return { ...first, total: null, counted: [], executions: 0, countedUpTo: 0 };
  const cap = Math.max(SMALL_RANGE_ENTRIES, totalCap);
  const count = async (ids: Prisma.Sql) => {
    const [row] = await db.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::int AS n FROM (${ids} LIMIT ${cap + 1}) s`,
    );
    return row?.n ?? 0;
  };
  // A range that is a driver not narrowed by start dates is counted once, as the driver.
  const whole = new Set(first.drivers.filter((d) => !d.narrowed).map((d) => d.key));
  const [size, ranges, drivers] = await Promise.all([
    // The table's size is the sum of the partitions' row estimates (none is kept for the parent).
    db.$queryRaw<{ rows: number }[]>`
      SELECT COALESCE(sum(greatest(c.reltuples, 0)), 0)::float8 AS rows
        FROM pg_partition_tree('executions') p JOIN pg_class c ON c.oid = p.relid WHERE p.isleaf`,
    Promise.all(
      first.numberRanges.filter((r) => !whole.has(r.key)).map(async (r) => [r.key, await count(r.ids)] as const),
    ),
    Promise.all(first.drivers.map(async (driver) => ({ driver, entries: await count(driver.ids) }))),
  ]);
  const executions = size[0]?.rows ?? 0;
  const counted = new Map([
    ...ranges,
    ...drivers.filter((d) => !d.driver.narrowed).map((d) => [d.driver.key, d.entries] as const),
  ]);
  const small = new Set([...counted].filter(([, n]) => n <= SMALL_RANGE_ENTRIES).map(([key]) => key));
  const compiled = small.size === 0 ? first : compileListQuery(q, now, { smallRanges: small });
  const lone = compiled.onlyRange === null ? undefined : counted.get(compiled.onlyRange);
  const total: ExecutionCount | null =
    lone === undefined
      ? null
      : lone > totalCap
        ? { kind: "lowerBound", total: totalCap }
        : { kind: "exact", total: lone };
  // The drivers as compiled with the small ranges (their `rest` reads those ids first too).
  const countedDrivers = compiled.drivers.map((driver, i) => ({ ...driver, entries: drivers[i]!.entries }));
  return { ...compiled, total, counted: countedDrivers, executions, countedUpTo: cap };
}

/**
 * The most entries a driver may list to be read from (newest first, `rows` of them for a page):
 * reading its D entries and sorting them costs D, then each execution probed PROBE_COST: `rows`
 * of them when nothing else is to be checked, else up to all D. Walking the list's order instead
 * probes rows × executions / matches, and matches ≤ D. So the driver is the cheaper when
 * D + PROBE_COST × rows < PROBE_COST × rows × executions / D (alone), or
 * D × (1 + PROBE_COST) < PROBE_COST × rows × executions / D (with other conditions).
 */
export function driverLimit(executions: number, rows: number, checked: boolean): number {
  const walk = PROBE_COST * rows * executions;
  if (checked) return Math.sqrt(walk / (1 + PROBE_COST));
  const probes = PROBE_COST * rows;
  // The positive root of D² + probes × D − walk = 0.
  return (-probes + Math.sqrt(probes * probes + 4 * walk)) / 2;
}

/**
 * The driver to read a page of `rows` from: the one listing the fewest executions, when reading
 * from it costs less than walking the list's order ({@link driverLimit}); `checked`: whether the
 * list has conditions besides the query (other filters) that each execution must be checked for.
 */
export function chooseDriver(
  planned: Pick<PlannedQuery, "counted" | "executions" | "countedUpTo">,
  rows: number,
  checked: boolean,
): CountedDriver | null {
  const fewest = [...planned.counted].sort((a, b) => a.entries - b.entries)[0];
  if (!fewest) return null;
  const limit = driverLimit(planned.executions, rows, checked || fewest.rest !== null);
  return fewest.entries <= Math.min(limit, planned.countedUpTo) ? fewest : null;
}
