import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { ensureDatabase } from "./embedded";
import { applyMigrations } from "./migrate";
import type { DbConfig } from "./config";
import { noteQuery } from "./render-reads";

/** The two ways in: Prisma for reads and small writes, the pg Pool (shared by both) for bulk writes. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly pool: pg.Pool;
}

export interface OpenedDatabase extends Database {
  readonly url: string;
  /** Ends the pool and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/** A Prisma client and a pool on `url`. `max`: pool size, default 10. */
export function connectDatabase(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // A connection dropped while idle (server restart, network) must not crash the process:
  // the pool discards that client and opens a new one on the next query.
  pool.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
  pool.on("connect", (client) =>
    client.on("error", (error) => console.error(`[db] connection error: ${error.message}`)),
  );
  noteQueriesOf(pool);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { prisma, pool };
}

/**
 * Every query on `pool` (Prisma's too: its adapter queries through the pool) is noted for the
 * render cache: a query a page's render makes outside a cached read keeps that render out of it,
 * one inside names the tables the read depends on (see `render-reads.ts`; a connection taken for
 * a transaction hides its queries' text: the read then depends on every table).
 */
function noteQueriesOf(pool: pg.Pool): void {
  const query = pool.query;
  const connect = pool.connect;
  // pg's Pool.query takes its connection through connect, synchronously: that one is the query's, already noted.
  let inQuery = false;
  pool.query = function (this: pg.Pool, ...args: unknown[]) {
    noteQuery(args[0]);
    inQuery = true;
    try {
      return Reflect.apply(query, this, args) as unknown;
    } finally {
      inQuery = false;
    }
  } as typeof pool.query;
  pool.connect = function (this: pg.Pool, ...args: unknown[]) {
    if (!inQuery) noteQuery();
    return Reflect.apply(connect, this, args) as unknown;
  } as typeof pool.connect;
}

/**
 * Finds or starts the database `config` names (see {@link ensureDatabase}), applies
 * pending migrations, and connects. Used by the web server, the workers and the CLI.
 */
export async function openDatabase(
  config: DbConfig,
  options: { log?: (message: string) => void; max?: number } = {},
): Promise<OpenedDatabase> {
  const server = await ensureDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    ...(options.log ? { log: options.log } : {}),
  });
  const db = connectDatabase(server.url, options.max === undefined ? {} : { max: options.max });
  try {
    await applyMigrations(db.pool, config.migrationsDir);
  } catch (error) {
    await db.pool.end();
    await server.stop();
    throw error;
  }
  return {
    ...db,
    url: server.url,
    async close() {
      await db.prisma.$disconnect();
      await db.pool.end().catch(() => {});
      await server.stop();
    },
  };
}
