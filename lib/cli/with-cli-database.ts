import { getDbConfig } from "@/lib/db/config";
import { openDatabase, type Database } from "@/lib/db/database";

/**
 * Opens the database for one CLI command (`DATABASE_URL`, or the embedded Postgres the
 * server shares through its data folder: joined if running, started and stopped again if not).
 */
export async function withCliDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(getDbConfig(), { max: 4 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
