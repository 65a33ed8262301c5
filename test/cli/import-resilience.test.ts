import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { badHistoryFiles, passEvents, successEvents } from "../builders/bad-history-files";
import { createTestDatabase, type TestDatabase } from "../db";
import { startPgProxy, type PgProxy } from "./pg-proxy";

const repo = path.resolve(__dirname, "../..");
let db: TestDatabase;
let work: string;
let proxy: PgProxy;

interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node bin/stepscope.mjs …` as a user runs it; `started` gets the child to signal it. */
function stepscope(
  args: string[],
  options: { url?: string; nodeOptions?: string; started?: (child: ChildProcess) => void } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, "bin/stepscope.mjs"), ...args], {
      cwd: repo,
      env: {
        ...process.env,
        DATABASE_URL: options.url ?? db.url,
        STEPSCOPE_DATA_DIR: path.join(work, "data"),
        ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    options.started?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function executionCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
  return rows[0]!.n;
}

/** A good history of its own, told apart by its input. */
function history(n: number): string {
  return JSON.stringify({
    events: successEvents().map((e) =>
      e.type === "ExecutionStarted"
        ? {
            ...e,
            executionStartedEventDetails: { input: JSON.stringify({ n }), roleArn: "arn:aws:iam::123456789012:role/R" },
          }
        : e,
    ),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  work = await mkdtemp(path.join(tmpdir(), "stepscope-import-"));
  proxy = await startPgProxy(db.url);
});

afterAll(async () => {
  await proxy?.close();
  await db?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("stepscope import refuses what cannot be an AWS history, whole files only", () => {
  it("refuses a two-execution JSON Lines file whose second execution is bad and keeps neither", async () => {
    const bad = badHistoryFiles().find((f) => f.name === "two-executions.jsonl")!;
    const file = path.join(work, bad.name);
    await writeFile(file, bad.content);
    const before = await executionCount();
    const run = await stepscope(["import", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^refused ${file}: line \\d+, event \\d+ \\(/details/name\\): contains a NUL character`, "m"),
    );
    expect(run.stdout).toBe("");
    expect(await executionCount()).toBe(before);
  });

  it("stores a file that starts with a UTF-8 byte order mark", async () => {
    const file = path.join(work, "bom.json");
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(history(1))]));
    const run = await stepscope(["import", file]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^stored arn:aws:states:local:000000000000:execution:imported:bom-\w+ \(SUCCEEDED, 11 events\)/,
    );
  });

  it("refuses non-UTF-8 bytes and 100,000-deep nesting with the place, without crashing", async () => {
    const files = badHistoryFiles().filter((f) => f.name === "not-utf8.json" || f.name === "deep.json");
    for (const f of files) await writeFile(path.join(work, f.name), f.content);
    const run = await stepscope(["import", ...files.map((f) => path.join(work, f.name))]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`refused ${path.join(work, "not-utf8.json")}: line 1, column `);
    expect(run.stderr).toContain("not UTF-8: byte 0xFF");
    expect(run.stderr).toContain(
      `refused ${path.join(work, "deep.json")}: line 1, column 75: nested deeper than 64 levels`,
    );
    expect(run.stderr).not.toContain("Maximum call stack");
  });

  it("refuses a 673,120-event history at its 25,001st event in bounded memory (a 192 MB heap)", async () => {
    const file = path.join(work, "runaway.json");
    await writeFile(file, JSON.stringify({ events: passEvents(673_120) }));
    const run = await stepscope(["import", file], { nodeOptions: "--max-old-space-size=192" });
    expect(run.stderr).toContain(`refused ${file}: line 1, column `);
    expect(run.stderr).toContain("(/events/25000): more than 25,000 events: AWS caps an execution history at 25,000");
    expect(run.code).toBe(1);
  }, 60_000);
});

describe("stepscope import and the database going away", () => {
  it("retries a file whose connection was lost while Postgres restarts, says so, and stores it", async () => {
    const file = path.join(work, "during-restart.json");
    await writeFile(file, history(2));
    const before = await executionCount();
    const cut = proxy.waitFor("INSERT INTO executions").then(() => proxy.outage(1500));
    const run = await stepscope(["import", file], { url: proxy.url });
    await cut;
    expect(run.stderr).toMatch(
      new RegExp(`^retrying ${file}: lost the database connection \\(.+\\); try 2 of 6 in 0.5 s$`, "m"),
    );
    expect(run.stdout).toMatch(/^stored .+ \(SUCCEEDED, 11 events\) from /m);
    expect(run.code).toBe(0);
    expect(await executionCount()).toBe(before + 1);
  }, 60_000);

  it("stops on Ctrl-C with one line and exit 130, printing no connection error as a failure", async () => {
    const files: string[] = [];
    for (let i = 0; i < 40; i++) {
      files.push(path.join(work, `batch-${i}.json`));
      await writeFile(files[i]!, history(100 + i));
    }
    let child: ChildProcess | undefined;
    const interrupted = proxy.waitFor("INSERT INTO executions").then(() => child?.kill("SIGINT"));
    const run = await stepscope(["import", ...files], { url: proxy.url, started: (c) => (child = c) });
    await interrupted;
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    expect(run.stderr.trim()).toMatch(
      /^stepscope import: interrupted after \d+ of 40 files; the file in progress is stored whole or not at all$/,
    );
    const stored = run.stdout.split("\n").filter((l) => l.startsWith("stored")).length;
    expect(stored).toBeLessThan(40);
    expect(await executionCount()).toBeGreaterThanOrEqual(stored);
  }, 60_000);
});
