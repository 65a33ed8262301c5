import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";

/**
 * The key `prisma migrate deploy` locks with, so this runner and the Prisma CLI also
 * exclude each other.
 */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** The table exactly as Prisma's schema engine creates it. */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  constructor(
    readonly migrationName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

interface AppliedRow {
  readonly migration_name: string;
  readonly checksum: string;
  readonly finished_at: Date | null;
  readonly rolled_back_at: Date | null;
}

interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** sha256 hex of the file's bytes, as Prisma records it in `_prisma_migrations.checksum`. */
export function migrationChecksum(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const buffer = await readFile(join(migrationsDir, name, "migration.sql")).catch(() => null);
    if (buffer === null) continue; // Prisma also skips folders without migration.sql
    files.push({ name, sql: buffer.toString("utf8"), checksum: migrationChecksum(buffer) });
  }
  return files;
}

/**
 * Applies the pending migrations of `migrationsDir` (Prisma's folder format:
 * `<timestamp>_<name>/migration.sql`, applied in name order), each in its own
 * transaction, and records each in `_prisma_migrations` as `prisma migrate deploy`
 * would, so the Prisma CLI can take over the same database.
 *
 * Holds Prisma's advisory lock for the whole run: concurrent callers wait, then find
 * nothing left to apply. Throws a {@link MigrationError} naming the migration when an
 * applied migration's file changed (checksum mismatch), when a migration failed earlier
 * and was not resolved, or when a migration's SQL fails (that one is rolled back and not
 * recorded).
 */
export async function applyMigrations(db: pg.Client | pg.Pool, migrationsDir: string): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(migrationsDir);
  const client = db instanceof pg.Pool ? await db.connect() : db;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      return await applyLocked(client, migrations);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    }
  } finally {
    if (db instanceof pg.Pool) (client as pg.PoolClient).release();
  }
}

async function applyLocked(
  client: pg.ClientBase,
  migrations: readonly MigrationFile[],
): Promise<{ applied: string[] }> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at`,
  );
  const done = new Map<string, AppliedRow>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new MigrationError(
        row.migration_name,
        `Migration ${row.migration_name} failed earlier and was not resolved; ` +
          `fix the database, then mark it with \`prisma migrate resolve\`.`,
      );
    }
    done.set(row.migration_name, row);
  }

  const applied: string[] = [];
  for (const migration of migrations) {
    const previous = done.get(migration.name);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new MigrationError(
          migration.name,
          `Migration ${migration.name} was modified after it was applied ` +
            `(checksum ${previous.checksum} in the database, ${migration.checksum} on disk); ` +
            `restore the file and add a new migration instead.`,
        );
      }
      continue;
    }
    await applyOne(client, migration);
    applied.push(migration.name);
  }
  return { applied };
}

async function applyOne(client: pg.ClientBase, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // A multi-statement simple query, as Prisma sends a migration script.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const message = error instanceof Error ? error.message : String(error);
    throw new MigrationError(migration.name, `Migration ${migration.name} failed: ${message}`, {
      cause: error,
    });
  }
}
