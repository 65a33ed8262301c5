import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test server's `postgres` database (for CREATE/DROP DATABASE). */
    testDatabaseAdminUrl: string;
    /** A database with every migration applied, to copy per test file. */
    testDatabaseTemplate: string;
    /** The Prisma migrations folder. */
    migrationsDir: string;
  }
}

const TEMPLATE = "stepscope_test_template";
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Refuses to run tests (which create and drop databases) against anything but a local server. */
function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`TEST_DATABASE_URL must point at a local server (localhost/127.0.0.1), not ${host}`);
  }
}

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/**
 * Vitest global setup: ONE Postgres for the run (`TEST_DATABASE_URL` when set, else an
 * embedded server in a temp folder, fsync off) and a template database with the
 * migrations applied; test files copy it (test/db.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const migrationsDir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
  const external = process.env["TEST_DATABASE_URL"];
  let dataDir: string | null = null;
  let server: { url: string; stop(): Promise<void> };
  if (external) {
    assertLocalDatabase(external);
    server = { url: external, stop: async () => {} };
  } else {
    dataDir = await mkdtemp(join(tmpdir(), "stepscope-test-"));
    // The server may run as the `postgres` OS user (we are root here): it must reach the folder.
    await chmod(dataDir, 0o755);
    server = await ensureDatabase({
      dataDir,
      database: "postgres",
      postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    });
  }
  const adminUrl = withDatabase(server.url, "postgres");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const template = new pg.Client({ connectionString: withDatabase(server.url, TEMPLATE) });
  await template.connect();
  try {
    await applyMigrations(template, migrationsDir);
  } finally {
    await template.end();
  }

  project.provide("testDatabaseAdminUrl", adminUrl);
  project.provide("testDatabaseTemplate", TEMPLATE);
  project.provide("migrationsDir", migrationsDir);

  return async () => {
    await server.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
