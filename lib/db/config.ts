import { join, resolve } from "node:path";

/** Database settings of the running process. The only place in lib/db that reads the environment. */
export interface DbConfig {
  /** `DATABASE_URL`: use this server; when unset, an embedded Postgres is started (or joined). */
  readonly databaseUrl: string | undefined;
  /**
   * `DATABASE_READ_URL`: a read replica (or a read-only role) for the pages' and API's read
   * models; writes, sessions and the job queue stay on `databaseUrl`. Unset: everything reads the primary.
   */
  readonly readUrl: string | undefined;
  /** `STEPSCOPE_DB_POOL_SIZE`, default 10: connections per pool (the primary's, and the replica's when set) of a web process. */
  readonly poolSize: number;
  /** `STEPSCOPE_DATA_DIR`, default `<cwd>/.data/postgres`: where the embedded Postgres keeps its cluster and lock file. */
  readonly dataDir: string;
  /** Folder of Prisma-format SQL migrations applied at start. */
  readonly migrationsDir: string;
}

export function getDbConfig(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const cwd = process.cwd();
  const databaseUrl = env["DATABASE_URL"]?.trim() || undefined;
  const dataDir = env["STEPSCOPE_DATA_DIR"]?.trim();
  const poolSize = Number(env["STEPSCOPE_DB_POOL_SIZE"] || 10);
  return {
    databaseUrl,
    readUrl: env["DATABASE_READ_URL"]?.trim() || undefined,
    poolSize: Number.isInteger(poolSize) && poolSize > 0 ? poolSize : 10,
    dataDir: dataDir
      ? resolve(/*turbopackIgnore: true*/ cwd, dataDir)
      : join(/*turbopackIgnore: true*/ cwd, ".data", "postgres"),
    migrationsDir: join(/*turbopackIgnore: true*/ cwd, "prisma", "migrations"),
  };
}
