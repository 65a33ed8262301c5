import { getDbConfig } from "./config";
import { openDatabase, type OpenedDatabase } from "./database";

const globalForDb = globalThis as unknown as { stepscopeDb?: Promise<OpenedDatabase> };

/**
 * The app's database, opened once per process (and kept across Next.js dev reloads):
 * `DATABASE_URL`, or the shared embedded Postgres, migrated. The owner of an embedded
 * server stops it on SIGINT/SIGTERM. Every write, session and job goes here. Pages reach it
 * through `getDb` (lib/db/client.ts); a render worker's own code (outside Next.js's bundle)
 * through this, and both get the same pool.
 */
export function processDb(): Promise<OpenedDatabase> {
  const config = getDbConfig();
  globalForDb.stepscopeDb ??= openDatabase(config, {
    max: config.poolSize,
    log: (message) => console.info(`[db] ${message}`),
  }).catch((error: unknown) => {
    delete globalForDb.stepscopeDb;
    throw error;
  });
  return globalForDb.stepscopeDb;
}
