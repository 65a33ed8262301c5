import { cache } from "react";
import type { Database } from "@/lib/db/database";
import {
  readDataVersion,
  versionsOf,
  type DataVersion,
  type ReadTables,
  type VersionKind,
} from "@/lib/db/data-version";
import {
  coveredQueries,
  currentQueriedTables,
  newQueriedTables,
  noteCachedRead,
  type QueriedTables,
} from "@/lib/db/render-reads";

/** How long a result may be served at most, even when nothing was written (ranges such as "last 24 hours" move with the clock). */
const MAX_AGE_MS = 5_000;
/** Results kept per process at most (keys come from URLs: the oldest is dropped first). */
const MAX_ENTRIES = 500;

interface Entry {
  /** The database's versions when the read began. */
  readonly version: DataVersion;
  /** The tables the read's queries named: every table until it has answered. */
  tables: ReadTables;
  readonly at: number;
  readonly value: Promise<unknown>;
}

const globalForCache = globalThis as unknown as { stepscopeReadCache?: Map<string, Entry> };
const entries = (globalForCache.stepscopeReadCache ??= new Map<string, Entry>());

/** Which writes a cached result depends on. */
export interface CachedReadOptions {
  /**
   * `"production"`: the result leaves local runs out (the figures by default, see
   * `production-scope.ts`), so only writes the figures can see make it stale; a looping local
   * run does not. Default `"all"`: any committed write does.
   */
  readonly sees?: "all" | "production";
}

/**
 * `read()`'s result for `key`, shared by every request that asks while the data it depends on has not
 * changed: requests that arrive together wait for one query (50 people on the Overview cost
 * one read, not 50), and a result is served again until a write it could see commits anywhere in the
 * database, whichever process wrote it, or `MAX_AGE_MS` passes. What it could see: the tables its
 * queries named (every identifier of their SQL; every table when a query's text was not seen, as
 * in a Prisma transaction), each versioned by its write counters (migrations
 * `20261206003000_read_versions`, `20261208001000_read_versions_per_table`), read first in one
 * tiny round trip, which every committed write to that table moves (a read must read no table
 * left uncounted: `lib/store/read-versions.test.ts` lists them) — for `sees: "all"` all of them, for
 * `sees: "production"` the production ones, which local runs' writes leave alone. So a sign-in,
 * an audit row or a settings write leaves the figures' reads alone, and a stored execution leaves
 * a list of sources alone. On a read replica the counters are those it has replayed. So a page
 * never shows less than what it can see that was committed before it was asked for. `keyParts`
 * must name everything the result depends on (the read model and its parameters,
 * JSON-serializable); results must not depend on who asks. A failed read is not kept. Where the
 * version cannot be read (a server in recovery), every call reads.
 */
export async function cachedRead<T>(
  db: Pick<Database, "pool">,
  keyParts: readonly unknown[],
  read: () => Promise<T>,
  options: CachedReadOptions = {},
): Promise<T> {
  const sees = options.sees ?? "all";
  const kind: VersionKind = sees === "production" ? "production" : "data";
  const key = JSON.stringify([sees, ...keyParts], keyReplacer);
  const version = await versionForRequest(db.pool);
  // A cached read inside another one: the outer result depends on the inner one's tables too.
  const outer = currentQueriedTables();
  if (version.counters === null) {
    noteCachedRead(versionsOf(version, kind, "all"));
    return read();
  }
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && now - hit.at < MAX_AGE_MS && holds(hit, version, kind)) {
    const value = (await hit.value) as T;
    // A render that reads only through here may itself be served again (lib/server/render-cache.ts) while these versions hold.
    noteServed(hit.tables, version, kind, outer);
    return value;
  }
  const queried = newQueriedTables();
  // Awaited inside: a Prisma query is sent when awaited, and must be sent from inside coveredQueries.
  const value = coveredQueries(async () => await read(), queried);
  const entry: Entry = { version, tables: "all", at: now, value };
  entries.delete(key);
  entries.set(key, entry);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  value.then(
    () => {
      entry.tables = tablesOf(queried);
    },
    () => {
      if (entries.get(key) === entry) entries.delete(key);
    },
  );
  const result = await value;
  noteServed(tablesOf(queried), version, kind, outer);
  return result;
}

function tablesOf(queried: QueriedTables): ReadTables {
  return queried.all ? "all" : queried.names;
}

/** Whether `entry`'s tables are where they were when it was read. */
function holds(entry: Entry, now: DataVersion, kind: VersionKind): boolean {
  const then = versionsOf(entry.version, kind, entry.tables);
  const current = versionsOf(now, kind, entry.tables);
  if (then.size !== current.size) return false;
  for (const [table, version] of then) if (version === null || current.get(table) !== version) return false;
  return true;
}

/** Notes a result served at `version` for the render, and its tables for an outer cached read. */
function noteServed(
  tables: ReadTables,
  version: DataVersion,
  kind: VersionKind,
  outer: QueriedTables | undefined,
): void {
  noteCachedRead(versionsOf(version, kind, tables));
  if (!outer) return;
  if (tables === "all") outer.all = true;
  else for (const table of tables) outer.names.add(table);
}

/** Maps and Sets as their entries: JSON.stringify writes every one as `{}`, so two keys that differ in one would collide. */
function keyReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { map: [...value.entries()] };
  if (value instanceof Set) return { set: [...value.values()] };
  return value;
}

type Pool = Pick<Database, "pool">["pool"];

/**
 * The database version one server render reads its data at: its first `cachedRead` asks, the
 * others in the same render (the execution page's detail, definition and overlay) use that
 * answer — it was read after the request arrived, so nothing committed before the request is
 * missed. React's `cache` scopes it to one server render; elsewhere (route handlers, scripts)
 * every call asks.
 */
const versionForRequest = cache((pool: Pool): Promise<DataVersion> => databaseVersion(pool));

/** The version query not yet sent: calls made before it is sent share it (it starts after each of them). */
let nextVersion: { pool: Pool; value: Promise<DataVersion> } | null = null;

const UNKNOWN: DataVersion = { counters: null };

/**
 * The versions (see {@link readDataVersion}), asked once for every call made in the same turn of the event loop
 * (concurrent requests arriving together): the query is sent after the last of them, so each
 * sees every write committed before it called.
 */
export function databaseVersion(pool: Pool): Promise<DataVersion> {
  if (nextVersion?.pool === pool) return nextVersion.value;
  const value: Promise<DataVersion> = new Promise((resolve) => {
    setImmediate(() => {
      if (nextVersion?.value === value) nextVersion = null;
      // On a replica (DATABASE_READ_URL), its replay position and replicated counters: see readDataVersion.
      coveredQueries(() => readDataVersion(pool)).then(resolve, () => resolve(UNKNOWN));
    });
  });
  nextVersion = { pool, value };
  return value;
}
