import "server-only";
import pg from "pg";
import { getDb } from "./client";

const globalForPing = globalThis as unknown as { stepscopePingPool?: pg.Pool };

/**
 * Asks the app's database `SELECT 1` on a connection of its own, opened once and kept: the
 * health check never queues behind the pages' queries for one of the shared pool's
 * connections, nor goes through Prisma, so a busy server still answers it at once.
 */
export async function pingDatabase(): Promise<void> {
  const { url } = await getDb();
  if (!globalForPing.stepscopePingPool) {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    // A connection lost while idle (a database restart) is replaced at the next ping, never thrown.
    pool.on("error", (error) => console.error(`[db] health-check connection lost: ${error.message}`));
    globalForPing.stepscopePingPool = pool;
  }
  await globalForPing.stepscopePingPool.query("SELECT 1");
}
