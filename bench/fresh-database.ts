import { resolve } from "node:path";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrate";

const migrationsDir = resolve(__dirname, "../prisma/migrations");

/**
 * Drops and re-creates database `name` on the server of `adminUrl`, applies the migrations,
 * and checkpoints so a timed run starts without earlier work's dirty buffers to flush.
 * Returns the new database's URL.
 */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await applyMigrations(client, migrationsDir);
  await client.query("CHECKPOINT");
  await client.end();
  return url.toString();
}
