import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db";

const repo = path.resolve(__dirname, "../..");
const checkoutBundle = path.join(repo, "e2e/fixtures/checkout-card-declined.bundle.json");
const fixture = (name: string) => path.join(repo, "test/fixtures/histories", name);

let db: TestDatabase;
let work: string;

/** Runs `node bin/stepscope.mjs …` against the test database. */
function stepscope(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, "bin/stepscope.mjs"), ...args], {
      cwd: repo,
      env: { ...process.env, DATABASE_URL: db.url, STEPSCOPE_DATA_DIR: path.join(work, "data") },
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

const arnsOf = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { executionArn: string }).executionArn)
    .sort();

beforeAll(async () => {
  db = await createTestDatabase();
  work = await mkdtemp(path.join(tmpdir(), "stepscope-query-"));
  const run = await stepscope("import", checkoutBundle, fixture("bundle.json"), fixture("abort.json"));
  expect(run.code).toBe(0);
});

afterAll(async () => {
  await db?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("stepscope executions --query", () => {
  it("lists the executions the expression selects, as the database has them", async () => {
    const query = 'status = "FAILED" AND stateMachine = "checkout" OR input.x = 1';
    const run = await stepscope("executions", "--query", query, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { rows } = await db.pool.query<{ arn: string }>(
      `SELECT e.execution_arn AS arn FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
        WHERE (e.status = 'FAILED' AND m.name = 'checkout') OR (e.input::jsonb -> 'x') = '1'::jsonb ORDER BY 1`,
    );
    expect(rows.length).toBe(2);
    expect(arnsOf(run.stdout)).toEqual(rows.map((r) => r.arn));
  });

  it("combines with the other flags", async () => {
    const run = await stepscope("executions", "--status", "SUCCEEDED", "--query", 'status = "FAILED"', "--json");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
  });

  it("refuses a wrong expression with exit 2, pointing at its column", async () => {
    const run = await stepscope("executions", "--query", 'status = "FAILED" AND stauts = "x"');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("executions: --query: column 23: unknown field 'stauts'");
    expect(run.stderr).toContain(`  status = "FAILED" AND stauts = "x"\n  ${" ".repeat(22)}^`);
    expect(run.stdout).toBe("");
  });
});
