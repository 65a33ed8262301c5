import "server-only";
import { getDbConfig } from "./config";
import { connectDatabase, type Database, type OpenedDatabase } from "./database";
import { processDb } from "./process-db";
import { hasReached } from "./wal-position";

export type { Database } from "./database";

const globalForDb = globalThis as unknown as { stepscopeReadDb?: Database };

/** The app's database, opened once per process: see {@link processDb}. */
export function getDb(): Promise<OpenedDatabase> {
  return processDb();
}

/** Settings of {@link getReadDb}. */
export interface ReadDbOptions {
  /**
   * A primary WAL position this reader must see (what its own last write reached, see
   * `lib/api/read-your-writes.ts`): a replica that has not replayed that far yet is passed
   * over for the primary, so a page read right after an action shows the action's result.
   */
  readonly after?: string | undefined;
}

/**
 * The database the read models read: the replica `DATABASE_READ_URL` names (connected once
 * per process; never migrated: it follows the primary), or {@link getDb}'s when it is unset.
 * Reads only: a write sent here fails on a replica.
 */
export async function getReadDb(options: ReadDbOptions = {}): Promise<Database> {
  const config = getDbConfig();
  if (!config.readUrl) return getDb();
  const primary = getDb();
  // The primary is opened first: its migrations are what the replica's queries expect.
  await primary;
  globalForDb.stepscopeReadDb ??= connectDatabase(config.readUrl, { max: config.poolSize });
  const replica = globalForDb.stepscopeReadDb;
  if (options.after !== undefined && !(await hasReached(replica.pool, options.after))) return primary;
  return replica;
}
