import { join, resolve } from "node:path";

/** Database settings of the running process. The only place in lib/db that reads the environment. */
export interface DbConfig {
  /** `DATABASE_URL`: use this server; when unset, an embedded Postgres is started (or joined). */
  readonly databaseUrl: string | undefined;
  /** `STEPSCOPE_DATA_DIR`, default `<cwd>/.data/postgres`: where the embedded Postgres keeps its cluster and lock file. */
  readonly dataDir: string;
  /** Folder of Prisma-format SQL migrations applied at start. */
  readonly migrationsDir: string;
}

export function getDbConfig(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const cwd = process.cwd();
  const databaseUrl = env["DATABASE_URL"]?.trim() || undefined;
  const dataDir = env["STEPSCOPE_DATA_DIR"]?.trim();
  return {
    databaseUrl,
    dataDir: dataDir
      ? resolve(/*turbopackIgnore: true*/ cwd, dataDir)
      : join(/*turbopackIgnore: true*/ cwd, ".data", "postgres"),
    migrationsDir: join(/*turbopackIgnore: true*/ cwd, "prisma", "migrations"),
  };
}
