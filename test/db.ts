import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { connectDatabase, type Database } from "../lib/db/database";

export interface TestDatabase extends Database {
  readonly url: string;
  readonly name: string;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

async function withAdmin<T>(run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject("testDatabaseAdminUrl") });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A database of its own for a test file: a copy of the migrated template (CREATE
 * DATABASE … TEMPLATE), or empty with `{ migrated: false }` (for migration tests).
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const template = options.migrated === false ? "template0" : inject("testDatabaseTemplate");
  await withAdmin(async (admin) => {
    // Concurrent copies of one template can collide ("source database is being accessed"); retry.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== "55006") throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  const url = new URL(inject("testDatabaseAdminUrl"));
  url.pathname = `/${name}`;
  const db = connectDatabase(url.toString(), { max: 5 });
  return {
    ...db,
    url: url.toString(),
    name,
    async drop() {
      await db.prisma.$disconnect();
      await db.pool.end().catch(() => {});
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** The Prisma migrations folder of the repo. */
export function migrationsDir(): string {
  return inject("migrationsDir");
}
