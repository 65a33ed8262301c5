import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { makeWorkerUtils } from "graphile-worker";
import pg from "pg";
import { ensureDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { enqueueSourceSync } from "@/lib/worker/sync-task-list";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";

// Two web servers (the built app, `node bin/serve.mjs`) and two workers (`node bin/worker.mjs`)
// on one Postgres database, coordinated only through it: a session made on one web server is
// honoured (and ended) on the other, the sign-in throttle counts attempts across both, and
// each sync job runs once across both workers. Web A also reads through DATABASE_READ_URL (a
// role that can only read): its pages render from it.

const password = "two boxes password";
let admin: pg.Client;
let dbUrl = "";
let dbName = "";
let reader = "";
let fake: FakeAws;
const children: ChildProcess[] = [];
const webs: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, DATABASE_URL: dbUrl, STEPSCOPE_DEMO: "0", NODE_NO_WARNINGS: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[${script} ${child.pid}] ${chunk.toString()}`));
  children.push(child);
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const server = await ensureDatabase({ dataDir: process.env["E2E_DATA_DIR"]! });
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  dbName = `boxes_${randomBytes(4).toString("hex")}`;
  reader = `${dbName}_reader`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(server.url);
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await applyMigrations(db, "prisma/migrations");
  await db.query(`CREATE ROLE ${reader} LOGIN PASSWORD 'reader'`);
  await db.query(`ALTER ROLE ${reader} SET default_transaction_read_only = on`);
  await db.query(`GRANT USAGE ON SCHEMA public TO ${reader}`);
  await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${reader}`);
  await db.end();
  const readUrl = new URL(dbUrl);
  readUrl.username = reader;
  readUrl.password = "reader";

  execFileSync(process.execPath, ["bin/stepscope.mjs", "users", "add", "boxes", "--role", "admin"], {
    input: `${password}\n`,
    env: { ...process.env, DATABASE_URL: dbUrl },
    stdio: ["pipe", "pipe", "inherit"],
  });
  fake = await startFakeAws();
  const common = { STEPSCOPE_ANONYMOUS_ROLE: "none", HOSTNAME: "127.0.0.1" };
  const [portA, portB] = [await freePort(), await freePort()];
  start("bin/serve.mjs", { ...common, PORT: String(portA), DATABASE_READ_URL: readUrl.toString() });
  start("bin/serve.mjs", { ...common, PORT: String(portB) });
  // The standard chain's credentials for the fake AWS (which checks no signature), as the web servers get them.
  const aws = {
    AWS_ACCESS_KEY_ID: "AKIDBOXES",
    AWS_SECRET_ACCESS_KEY: "boxes-secret",
    AWS_PROFILE: "",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  start("bin/worker.mjs", { ...aws, STEPSCOPE_WORKER_CONCURRENCY: "1" });
  start("bin/worker.mjs", { ...aws, STEPSCOPE_WORKER_CONCURRENCY: "1" });
  for (const port of [portA, portB]) {
    const base = `http://127.0.0.1:${port}`;
    await until(
      `${base}/api/health`,
      async () => ((await fetch(`${base}/api/health`).catch(() => null))?.ok ? true : null),
      180_000,
    );
    webs.push(base);
  }
});

test.afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  await fake?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.query(`DROP ROLE IF EXISTS ${reader}`);
  await admin?.end();
});

async function client(base: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
}

test("a session made on one web server is honoured and ended on the other", async () => {
  const [a, b] = [await client(webs[0]!), await client(webs[1]!)];
  const login = await a.post("/api/auth/login", { data: { username: "boxes", password } });
  expect(login.status()).toBe(200);
  const session = (await a.storageState()).cookies.find((c) => c.httpOnly && c.name !== "stepscope_wrote")!;
  await b.dispose();
  const bSigned = await request.newContext({
    baseURL: webs[1]!,
    extraHTTPHeaders: { cookie: `${session.name}=${session.value}` },
  });
  expect(((await (await bSigned.get("/api/auth/me")).json()) as { name?: string }).name).toBe("boxes");
  // Pages render on both; A's through its read-only DATABASE_READ_URL.
  for (const path of ["/", "/executions", "/failures", "/costs", "/sources", "/state-machines"]) {
    expect((await a.get(path)).status(), `A ${path}`).toBe(200);
    expect((await bSigned.get(path)).status(), `B ${path}`).toBe(200);
  }
  expect((await bSigned.post("/api/auth/logout", { headers: { origin: webs[1]! } })).status()).toBe(200);
  expect((await a.get("/api/executions")).status()).toBe(401);
  await a.dispose();
  await bSigned.dispose();
});

test("the sign-in throttle counts attempts made on either web server", async () => {
  const [a, b] = [await client(webs[0]!), await client(webs[1]!)];
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const res = await (i % 2 === 0 ? a : b).post("/api/auth/login", { data: { username: "boxes", password: "wrong" } });
    statuses.push(res.status());
  }
  // Five attempts per username and window in all, whichever server took them; the sixth is refused.
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  expect((await a.post("/api/auth/login", { data: { username: "boxes", password } })).status()).toBe(429);
  await a.dispose();
  await b.dispose();
});

test("each sync job runs once across the two workers", async () => {
  test.setTimeout(120_000);
  const executions = addExecutionsToFake(
    fake.state,
    Array.from(
      { length: 24 },
      (_, i) =>
        buildExecutionHistory({
          name: `box-${i}`,
          stateMachineName: "Boxes",
          tasks: 3,
          startDate: new Date(Date.now() - 3_600_000 + i * 1000).toISOString(),
        }).parsed,
    ),
  );
  // Slow pages: the jobs overlap, so both workers hold some at once.
  fake.faults.push({ op: "GetExecutionHistory", kind: "slow", delayMs: 150, times: 1_000 });
  // Synced last now, polled hourly: the web servers' own schedulers leave it to the queued job.
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO sources (kind, name, region, endpoint, last_sync_at, settings)
     VALUES ('AWS', 'boxes', 'us-east-1', $1, now(), '{"pollIntervalSeconds": 3600}') RETURNING id`,
    [fake.url],
  );
  const utils = await makeWorkerUtils({ connectionString: dbUrl });
  await enqueueSourceSync(utils, rows[0]!.id);
  await utils.release();
  const holders = new Set<string>();
  await until("every execution stored", async () => {
    const locked = await db.query<{ locked_by: string }>(
      "SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL AND task_identifier = 'stepscope_sync_execution'",
    );
    for (const r of locked.rows) holders.add(r.locked_by);
    const done = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM executions WHERE history_complete AND name LIKE 'box-%'",
    );
    if (done.rows[0]!.n === executions.length) return true;
    const source = await db.query<{ last_error: string | null }>("SELECT last_error FROM sources WHERE name = 'boxes'");
    if (source.rows[0]?.last_error) throw new Error(`the sync failed: ${source.rows[0].last_error}`);
    return null;
  });
  const stored = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM history_events h JOIN executions e ON e.id = h.execution_id WHERE e.name LIKE 'box-%'",
  );
  await db.end();
  expect(stored.rows[0]!.n).toBe(executions.reduce((sum, e) => sum + e.events.length, 0));
  // No page of any history fetched twice, every execution's fetched: each job ran once.
  const pages = fake.calls
    .filter((c) => c.op === "GetExecutionHistory" && c.outcome === "ok")
    .map(
      (c) => `${String(c.body["executionArn"])}|${String(c.body["nextToken"] ?? "")}|${String(c.body["reverseOrder"])}`,
    );
  expect(new Set(pages).size).toBe(pages.length);
  expect(new Set(pages.map((p) => p.split("|")[0])).size).toBe(executions.length);
  // Both workers took execution jobs (one graphile-worker worker each: concurrency 1).
  expect(holders.size).toBeGreaterThanOrEqual(2);
});
