import type pg from "pg";

/** Which writes a version counts: every committed write (`data`), or those the figures can see (`production`, not local runs'). */
export type VersionKind = "data" | "production";

/**
 * The write counters of the tables a cached read may read (migrations
 * 20261206003000_read_versions and 20261208001000_read_versions_per_table), read in one round
 * trip; see {@link readDataVersion}. Null when the server cannot say.
 */
export interface DataVersion {
  /** Per table, its production and local counters (a table no row names was never written: 0). */
  readonly counters: ReadonlyMap<string, { readonly production: bigint; readonly local: bigint }> | null;
}

/** The tables a read depends on: those its queries named, or every one (a read whose queries were not all seen). */
export type ReadTables = ReadonlySet<string> | "all";

/**
 * The version of `table` (`"*"`: of every table) that `kind` counts: it moves with every
 * committed write to the table that `kind` counts, and with nothing else (sign-ins, rate
 * limits, alert deliveries, job bookkeeping and writes to other databases do not move it).
 * Null when the counters could not be read.
 */
export function versionOf(version: DataVersion, kind: VersionKind, table: string): string | null {
  if (version.counters === null) return null;
  let sum = 0n;
  const add = (c: { readonly production: bigint; readonly local: bigint }) => {
    sum += kind === "production" ? c.production : c.production + c.local;
  };
  if (table === "*") for (const c of version.counters.values()) add(c);
  else {
    const c = version.counters.get(table);
    if (c) add(c);
  }
  return sum.toString();
}

/**
 * The versions a read of `tables` was served at, keyed `kind:table`: one per counted table among
 * them (every counted table has its counter rows from the migration that counts it on; other
 * names are not tables a write counts), or one for every table (`kind:*`). A single null version
 * when the counters could not be read.
 */
export function versionsOf(version: DataVersion, kind: VersionKind, tables: ReadTables): Map<string, string | null> {
  if (version.counters === null) return new Map([[`${kind}:*`, null]]);
  if (tables === "all") return new Map([[`${kind}:*`, versionOf(version, kind, "*")]]);
  const versions = new Map<string, string | null>();
  for (const table of tables)
    if (version.counters.has(table)) versions.set(`${kind}:${table}`, versionOf(version, kind, table));
  return versions;
}

/** The version now of a key made by {@link versionsOf}. */
export function versionOfKey(version: DataVersion, key: string): string | null {
  const at = key.indexOf(":");
  return versionOf(version, key.slice(0, at) as VersionKind, key.slice(at + 1));
}

/**
 * The counters of the server behind `pool` (a primary, or a replica at the position it has
 * replayed, where the counters replicate with the data); null counters when it cannot say.
 */
export async function readDataVersion(pool: Pick<pg.Pool, "query">): Promise<DataVersion> {
  const { rows } = await pool.query<{ table_name: string; production: string; local: string }>(
    `SELECT table_name, (sum(version) FILTER (WHERE scope = 'production'))::text AS production,
            (sum(version) FILTER (WHERE scope = 'local'))::text AS local
       FROM read_versions WHERE table_name <> '*' GROUP BY table_name`,
  );
  return {
    counters: new Map(
      rows.map((r) => [r.table_name, { production: BigInt(r.production ?? 0), local: BigInt(r.local ?? 0) }]),
    ),
  };
}
