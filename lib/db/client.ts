import "server-only";
import { getDbConfig } from "./config";
import { openDatabase, type OpenedDatabase } from "./database";

export type { Database } from "./database";

const globalForDb = globalThis as unknown as { stepscopeDb?: Promise<OpenedDatabase> };

/**
 * The app's database, opened once per process (and kept across Next.js dev reloads):
 * `DATABASE_URL`, or the shared embedded Postgres, migrated. The owner of an embedded
 * server stops it on SIGINT/SIGTERM.
 */
export function getDb(): Promise<OpenedDatabase> {
  globalForDb.stepscopeDb ??= openDatabase(getDbConfig(), {
    log: (message) => console.info(`[db] ${message}`),
  }).catch((error: unknown) => {
    delete globalForDb.stepscopeDb;
    throw error;
  });
  return globalForDb.stepscopeDb;
}
