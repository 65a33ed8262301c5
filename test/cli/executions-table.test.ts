import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { storeLocalRun } from "@/lib/ingest/store-local-run";
import { createTestDatabase, type TestDatabase } from "../db";

const repo = path.resolve(__dirname, "../..");
let db: TestDatabase;
let work: string;

/** Runs `node bin/stepscope.mjs …` as a user would, against the test database only. */
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

const ok: StateMachineDefinition = { StartAt: "Done", States: { Done: { Type: "Pass", End: true } } };
const declined: StateMachineDefinition = {
  StartAt: "Charge",
  States: {
    Charge: { Type: "Fail", Error: "Payment.Declined", Cause: "card declined" },
  },
};
const start = Date.UTC(2025, 2, 1);

beforeAll(async () => {
  db = await createTestDatabase();
  work = await mkdtemp(path.join(tmpdir(), "stepscope-cli-table-"));
  // 55 executions, a minute apart: the newest is the failed one.
  for (let i = 0; i < 55; i += 1) {
    const definition = i === 54 ? declined : ok;
    const result = await executeStateMachine({
      definition,
      stateMachineName: "orders",
      executionName: `order-${String(i).padStart(2, "0")}`,
      clock: createVirtualClock(start + i * 60_000),
      invoker: { invoke: () => Promise.resolve(null) },
      random: createSeededRandom(i),
    });
    await storeLocalRun(db, result, definition, "orders", `order-${String(i).padStart(2, "0")}`);
  }
});
afterAll(async () => {
  await db?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("stepscope executions (the table)", () => {
  it("prints aligned columns under a header, the newest 50, each with the ARN export takes", async () => {
    const run = await stepscope("executions");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(51);
    const header = lines[0]!;
    expect(header).toMatch(/^STATUS\s+STARTED \(UTC\)\s+DURATION\s+SOURCE\s+ERROR\s+EXECUTION ARN$/);
    // Every row's ARN starts where the header's column does, and is what `export` takes.
    const at = header.indexOf("EXECUTION ARN");
    for (const line of lines.slice(1))
      expect(line.slice(at)).toMatch(/^arn:aws:states:us-east-1:\d{12}:execution:orders:order-\d\d$/);
    expect(lines[1]).toMatch(/^FAILED\s+2025-03-01 00:54:00\s+0 ms\s+local\s+Payment\.Declined\s+arn:/);
    expect(lines.at(-1)).toMatch(/:order-05$/);
    expect(run.stderr).toBe("50 of 55 executions shown, newest first; --limit <n> for more\n");
    const arn = lines[1]!.slice(at);
    const exported = await stepscope("export", arn);
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as { events: unknown[] }).events.length).toBeGreaterThan(0);
  });

  it("shows --limit rows, and --json keeps listing every execution", async () => {
    const limited = await stepscope("executions", "--limit", "3");
    expect(limited.stdout.trimEnd().split("\n")).toHaveLength(4);
    const json = await stepscope("executions", "--json");
    expect(json.stdout.trimEnd().split("\n")).toHaveLength(55);
    expect(JSON.parse(json.stdout.split("\n")[0]!)).toMatchObject({
      name: "order-54",
      status: "FAILED",
      source: "local",
    });
  });

  it("names --source in its usage, and refuses a --limit that is not a whole number", async () => {
    const help = await stepscope("help");
    expect(help.stdout).toContain(
      "executions [--status <S>] [--state-machine <name|arn>] [--source <name>] [--query <expression>] [--limit <n>] [--json]",
    );
    const bad = await stepscope("executions", "--limit", "ten");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--limit: expected a whole number of 1 or more, got 'ten'");
    const bySource = await stepscope("executions", "--source", "nowhere");
    expect(bySource.stdout).toBe("No executions stored match.\n");
  });
});
