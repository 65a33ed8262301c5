import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import { createTestDatabase, type TestDatabase } from "../db";

// The CLI's tests: `node bin/stepscope.mjs` run as a user would, on a test database of its own
// (DATABASE_URL) and a fresh data folder it must leave empty, and readers of what it stored.

export const repo = path.resolve(__dirname, "../..");
export const fixture = (name: string) => path.join(repo, "test/fixtures/histories", name);
export const checkoutBundle = path.join(repo, "e2e/fixtures/checkout-card-declined.bundle.json");

export let db: TestDatabase;
export let work: string;
export let dataDir: string;

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/stepscope.mjs …` as a user would, against the test database only. */
export function stepscope(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, "bin/stepscope.mjs"), ...args], {
      cwd: repo,
      // A fresh data folder: the CLI must use DATABASE_URL and never start an embedded server there.
      env: { ...process.env, DATABASE_URL: db.url, STEPSCOPE_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export async function counts(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ executions: number; events: number; sources: number; machines: number }>(
    `SELECT (SELECT count(*)::int FROM executions) AS executions, (SELECT count(*)::int FROM history_events) AS events,
            (SELECT count(*)::int FROM sources) AS sources, (SELECT count(*)::int FROM state_machines) AS machines`,
  );
  return { ...rows[0] };
}

export async function storedEvents(executionArn: string): Promise<number | undefined> {
  const { rows } = await db.pool.query<{ n: number }>(
    "SELECT event_count AS n FROM executions WHERE execution_arn = $1",
    [executionArn],
  );
  return rows[0]?.n;
}

export const arnOf = async (file: string): Promise<string> => {
  const [parsed] = parseHistoryFile(await readFile(file, "utf8"), { fileName: file });
  if (parsed === undefined) throw new Error(`${file}: no execution`);
  return parsed.identity.executionArn;
};

/** `success.json`'s events as the AWS CLI printed them, to break one at a time. */
export async function successEvents(): Promise<Record<string, unknown>[]> {
  const raw = JSON.parse(await readFile(fixture("success.json"), "utf8")) as { events: Record<string, unknown>[] };
  return raw.events;
}

/** Registers the hooks every test file of this suite needs (setup, teardown, per-test state). */
export function useCliWorld(): void {
  beforeAll(async () => {
    db = await createTestDatabase();
    work = await mkdtemp(path.join(tmpdir(), "stepscope-cli-"));
    dataDir = path.join(work, "data");
  });

  afterAll(async () => {
    await db?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });
}
