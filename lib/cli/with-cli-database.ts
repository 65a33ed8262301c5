import { getDbConfig } from "@/lib/db/config";
import { openDatabase, type Database } from "@/lib/db/database";

/** Options of {@link withCliDatabase}. */
export interface CliDatabaseOptions {
  /**
   * Once aborted (Ctrl-C), connection errors are no longer printed: the command is
   * stopping and says so itself, and an embedded server stopping on the same Ctrl-C
   * drops every connection.
   */
  readonly quiet?: AbortSignal;
}

/**
 * Opens the database for one CLI command (`DATABASE_URL`, or the embedded Postgres the
 * server shares through its data folder: joined if running, started and stopped again if not).
 */
export async function withCliDatabase<T>(
  fn: (db: Database) => Promise<T>,
  options: CliDatabaseOptions = {},
): Promise<T> {
  const db = await openDatabase(getDbConfig(), { max: 4 });
  const quiet = options.quiet;
  if (quiet !== undefined) {
    // Replaces the pool's logging listeners (they would print "[db] connection error" for every
    // connection a Ctrl-C cuts); a listener must stay so a lost connection does not crash the process.
    const report = (prefix: string) => (error: Error) => {
      if (!quiet.aborted) process.stderr.write(`stepscope: ${prefix}: ${error.message}\n`);
    };
    db.pool.removeAllListeners("error");
    db.pool.removeAllListeners("connect");
    db.pool.on("error", report("idle database connection lost"));
    db.pool.on("connect", (client) => client.on("error", report("database connection error")));
  }
  try {
    return await fn(db);
  } finally {
    await db.close().catch((error: unknown) => {
      if (quiet?.aborted !== true) throw error;
    });
  }
}
