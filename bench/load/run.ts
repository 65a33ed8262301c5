/**
 * Load benchmark: the built web server (`bin/serve.mjs`, as `npm start` runs it) on the
 * `bench:queries` corpus, 50 concurrent users for 60 s over the pages and APIs people keep
 * open — executions list, an execution page and its graph overlay, the Overview and its
 * analytics API, `/api/metrics` — while an operator runs local definitions that loop until
 * the interpreter's limit, back to back. Prints p50/p99 latency, requests and errors per
 * route, and `/api/health` latency sampled every 200 ms throughout, against the goals
 * (p99 < 300 ms per route, 0 errors, `/api/health` never over 200 ms). Loopback only.
 *
 *   npm run bench:load [-- --executions 1000000 --reuse --duration 60 --connections 50
 *                          --port 3304 --local-run loop|none --rate 0 --build --profile <dir>]
 *
 * `--profile <dir>`: the server runs under `node --cpu-prof` and writes its CPU profile into
 * `<dir>` when it stops (read it with `bench/load/summarize-profile.ts`).
 *
 * `--rate R`: each user sends R requests a second (a person clicking, a page polling); the
 * default 0 sends the next request as soon as the last is answered (closed loop, the most
 * load 50 connections can make).
 *
 * The corpus is `bench:queries`' (same loader, same database `bench_queries` in the same
 * embedded Postgres, /tmp/stepscope-bench-queries, or `BENCH_DATABASE_URL`): `--reuse`
 * keeps a loaded one (either benchmark's), otherwise it is dropped and loaded afresh (the
 * load is timed and printed). The server is `node bin/serve.mjs` with `DATABASE_URL` on
 * that database, `STEPSCOPE_DEMO=0` and the build in `STEPSCOPE_DIST_DIR` (default
 * `.next`; `--build` runs `next build` into it first; `serve` builds once when missing).
 *
 * Figures before local runs moved out of the server's event loop (issue 12), 2026-12-03, on
 * a 2-CPU machine shared with other work (1-minute load average 11–20; the server process got
 * 21–42 % of one core), 200,000-execution corpus (the 1,000,000 one did not load within 15
 * minutes there: its executions took 112 s, its events were at 3.2 GB of ~8 after 8 minutes;
 * 200,000 executions and 4,658,205 events loaded in 320 s):
 *   STEPSCOPE_DIST_DIR=.next-h4 npm run bench:load -- --executions 200000 --reuse
 *   → every route FAIL: p50 2.3–3.9 s, p99 5.8–9.6 s; 9 timeouts (overview API, metrics);
 *     /api/health p50 1.4 s, max 9.2 s; 9 looping local runs answered in p50 7.0 s. One
 *     local run alone (no other load) takes 2.5–6.3 s and holds /api/health up to 0.8–1.7 s.
 *   … --connections 14 --rate 1 --local-run none: p50 0.7–0.9 s, p99 2.7–3.8 s, health p50
 *     1.1 s: the Node process is CPU-bound (23–30 ms of CPU per request, pages 30–40 ms,
 *     Postgres mostly idle), so on this machine the goals fail without a local run too.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { cpus as listCpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import pg from "pg";
import { ensureDatabase } from "../../lib/db/embedded";
import { CORPUS_DATA_DIR, prepareCorpus } from "../queries/prepare-corpus";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "1000000" },
    giants: { type: "string", default: "40" },
    reuse: { type: "boolean", default: false },
    duration: { type: "string", default: "60" },
    connections: { type: "string", default: "50" },
    port: { type: "string", default: "3304" },
    "local-run": { type: "string", default: "loop" },
    build: { type: "boolean", default: false },
    rate: { type: "string", default: "0" },
    profile: { type: "string" },
  },
});
const root = resolve(__dirname, "../..");
const durationS = positiveInt("duration");
const connections = positiveInt("connections");
const port = positiveInt("port");
// Requests a second per user; 0: each user sends its next request as soon as the last is answered.
const ratePerUser = Number(args.rate);
if (!Number.isFinite(ratePerUser) || ratePerUser < 0)
  throw new Error(`--rate: expected a number ≥ 0 (requests a second per user), got '${args.rate}'`);
const localRunKind = args["local-run"];
if (localRunKind !== "loop" && localRunKind !== "none")
  throw new Error(`--local-run: expected loop or none, got '${localRunKind}'`);
const distDir = process.env["STEPSCOPE_DIST_DIR"] || ".next";
const base = `http://127.0.0.1:${port}`;
const GOAL_P99_MS = 300;
const GOAL_HEALTH_MS = 200;
const HEALTH_EVERY_MS = 200;

function positiveInt(name: "duration" | "connections" | "port" | "executions" | "giants"): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: expected a positive integer, got '${args[name]}'`);
  return n;
}

/** A definition that loops on Pass/Choice with no way out: it ends at the interpreter's transition limit (or time limit). */
const LOOP_DEFINITION = JSON.stringify({
  Comment: "bench:load — a forgotten exit condition",
  StartAt: "Work",
  States: {
    Work: { Type: "Pass", Result: { step: "again" }, ResultPath: "$.last", Next: "Done?" },
    "Done?": {
      Type: "Choice",
      Choices: [{ Variable: "$.done", BooleanEquals: true, Next: "Finished" }],
      Default: "Work",
    },
    Finished: { Type: "Succeed" },
  },
});

/** A short definition whose stored runs give the execution page and overlay a graph to draw (the corpus stores no definitions). */
const SHORT_DEFINITION = JSON.stringify({
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Result: { items: [1, 2, 3, 4, 5] }, Next: "Each" },
    Each: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: { StartAt: "Double", States: { Double: { Type: "Pass", End: true } } },
      ResultPath: "$.doubled",
      Next: "Both",
    },
    Both: {
      Type: "Parallel",
      ResultPath: "$.both",
      Next: "Check",
      Branches: [
        { StartAt: "Left", States: { Left: { Type: "Pass", End: true } } },
        { StartAt: "Right", States: { Right: { Type: "Pass", End: true } } },
      ],
    },
    Check: { Type: "Choice", Choices: [{ Variable: "$.items[0]", NumericEquals: 1, Next: "Done" }], Default: "Done" },
    Done: { Type: "Succeed" },
  },
});

const ACCOUNTS = {
  viewer: { username: "bench-load-viewer", password: "bench load viewer password" },
  operator: { username: "bench-load-operator", password: "bench load operator password" },
} as const;

/** Creates (or resets the password of) an account through the CLI, as an admin would on the server. */
function ensureAccount(databaseUrl: string, role: keyof typeof ACCOUNTS): void {
  const { username, password } = ACCOUNTS[role];
  const cli = (...argv: string[]) =>
    execFileSync(process.execPath, ["bin/stepscope.mjs", "users", ...argv], {
      cwd: root,
      input: `${password}\n`,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["pipe", "pipe", "pipe"],
    });
  try {
    cli("add", username, "--role", role);
  } catch {
    // Already there from an earlier run on a reused corpus: reset it, retried a few times (on a
    // loaded machine the reset's transaction can pass Prisma's 5-s limit).
    for (let attempt = 1; ; attempt++) {
      try {
        cli("set-role", username, role);
        cli("set-password", username);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  }
}

async function signIn(role: keyof typeof ACCOUNTS): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(ACCOUNTS[role]),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${role}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("stepscope_session="));
  if (!cookie) throw new Error(`sign-in as ${role}: no session cookie`);
  return cookie.split(";")[0]!;
}

function startServer(databaseUrl: string): ChildProcess {
  const profile = args.profile ? ["--cpu-prof", "--cpu-prof-dir", resolve(args.profile)] : [];
  const child = spawn(process.execPath, [...profile, "bin/serve.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      STEPSCOPE_DEMO: "0",
      STEPSCOPE_DIST_DIR: distDir,
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = (s: Buffer) => process.stdout.write(s.toString().replace(/^(?=.)/gm, "  [server] "));
  child.stdout?.on("data", prefix);
  child.stderr?.on("data", prefix);
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  // A server stuck in a runaway run ignores SIGTERM (issue 12): don't wait for ever.
  if (await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) return;
  console.log("server ignored SIGTERM for 15 s: SIGKILL");
  child.kill("SIGKILL");
  await exited;
}

async function waitForHealth(child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(500);
  }
  throw new Error(`no answer from ${base}/api/health within ${timeoutMs / 1000} s`);
}

/**
 * Samples `/api/health` every `everyMs` from a worker thread (its own event loop, so the
 * load generator's work never delays a sample). Each sample is sent on time whether or not
 * the earlier ones were answered (a stalled server shows as many slow samples, not as a
 * gap); one with no answer in 10 s is abandoned and marked failed, as is one still
 * unanswered at the end (counted from when it was sent).
 */
function startHealthSampler(everyMs: number): {
  stop(): Promise<{ ms: number[]; failed: number; why: Record<string, number> }>;
} {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const http = require("node:http");
    const ms = []; let failed = 0; const pending = new Set(); const why = {};
    const count = (k) => { why[k] = (why[k] || 0) + 1; };
    const sample = () => {
      const t = performance.now();
      pending.add(t);
      const finish = (ok, reason) => { if (!pending.delete(t)) return; ms.push(performance.now() - t); if (!ok) { failed++; count(reason); } };
      const req = http.get(workerData.url, { agent: false, timeout: 10000 }, (res) => {
        res.resume();
        res.on("end", () => finish(res.statusCode === 200, "HTTP " + res.statusCode));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (e) => finish(false, e.code || e.message));
    };
    const timer = setInterval(sample, workerData.everyMs);
    sample();
    parentPort.on("message", () => {
      clearInterval(timer);
      const now = performance.now();
      for (const t of pending) { ms.push(now - t); failed++; count("unanswered at the end"); }
      pending.clear();
      parentPort.postMessage({ ms, failed, why });
    });`;
  const worker = new Worker(code, { eval: true, workerData: { url: `${base}/api/health`, everyMs } });
  return {
    stop: () =>
      new Promise((done) => {
        worker.once(
          "message",
          (m: { ms: number[]; failed: number; why: Record<string, number> }) =>
            void worker.terminate().then(() => done(m)),
        );
        worker.postMessage("stop");
      }),
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; clock ticks of 1/100 s.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface LocalRunStats {
  runs: number;
  statuses: Map<string, number>;
  ms: number[];
}

/** One local run of the looping definition as the operator: how long the request took and what it answered. */
async function localRunOnce(
  cookie: string,
  definition = LOOP_DEFINITION,
  stateMachineName = "bench-load-loop",
): Promise<{ ms: number; outcome: string; executionArn: string | null }> {
  const t = performance.now();
  const res = await fetch(`${base}/api/local-runs`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: base },
    body: JSON.stringify({ definition, input: "{}", stateMachineName }),
  }).catch((e: unknown) => ({ status: 0, text: async () => String(e) }));
  const text = await res.text();
  const body = res.status === 200 ? (JSON.parse(text) as { status?: string; executionArn?: string }) : null;
  const outcome = body ? `200 ${body.status ?? ""}`.trim() : `${res.status} ${text.slice(0, 120)}`;
  return { ms: performance.now() - t, outcome, executionArn: body?.executionArn ?? null };
}

/** An operator starting the looping definition again as soon as the last one answered, until `signal`. */
async function runLocalRunsUntil(cookie: string, signal: AbortSignal): Promise<LocalRunStats> {
  const stats: LocalRunStats = { runs: 0, statuses: new Map(), ms: [] };
  while (!signal.aborted) {
    const { ms, outcome } = await localRunOnce(cookie);
    stats.ms.push(ms);
    stats.runs++;
    stats.statuses.set(outcome, (stats.statuses.get(outcome) ?? 0) + 1);
  }
  return stats;
}

interface Route {
  readonly name: string;
  readonly paths: readonly string[];
}

/** The routes under load, each cycling through a few realistic variants (filters, executions). */
async function routes(databaseUrl: string, withDefinition: readonly string[]): Promise<Route[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // 50 ordinary executions spread over the table (not the 20,000-event giants: bench:page times those).
    const max = Number(
      (await client.query<{ max: string }>("SELECT max(id)::text AS max FROM executions")).rows[0]!.max,
    );
    const ids = Array.from({ length: 200 }, (_, k) => Math.floor(((k + 1) * max) / 201));
    const { rows } = await client.query<{ execution_arn: string }>(
      "SELECT execution_arn FROM executions WHERE id = ANY($1::bigint[]) AND event_count < 100 ORDER BY id LIMIT 50",
      [ids],
    );
    // One in ten has a stored definition and state runs, so the page and overlay also draw a graph.
    const arns = rows.map((r, i) =>
      encodeURIComponent(
        i % 10 === 9 && withDefinition.length
          ? withDefinition[Math.floor(i / 10) % withDefinition.length]!
          : r.execution_arn,
      ),
    );
    const machine = (await client.query<{ name: string }>("SELECT name FROM state_machines ORDER BY id LIMIT 1"))
      .rows[0]!.name;
    const lists = [
      "",
      "?status=FAILED&range=7d",
      `?stateMachine=${machine}&range=24h`,
      "?q=Declined&range=30d",
      "?sort=duration&range=24h",
      "?page=5&range=30d",
    ];
    return [
      { name: "GET /executions (page)", paths: lists.map((q) => `/executions${q}`) },
      { name: "GET /api/executions", paths: lists.map((q) => `/api/executions${q}`) },
      { name: "GET /executions/:arn (page)", paths: arns.map((a) => `/executions/${a}`) },
      { name: "GET /api/executions/:arn/overlay", paths: arns.map((a) => `/api/executions/${a}/overlay`) },
      { name: "GET / (Overview page)", paths: ["/", "/?range=7d", "/?range=30d"] },
      {
        name: "GET /api/analytics/overview",
        paths: ["?range=24h", "?range=7d", "?range=30d", "?range=90d"].map((q) => `/api/analytics/overview${q}`),
      },
      { name: "GET /api/metrics", paths: ["/api/metrics"] },
    ];
  } finally {
    await client.end();
  }
}

const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

async function main(): Promise<void> {
  const cpus = listCpus().length;
  const external = process.env["BENCH_DATABASE_URL"];
  let pgServer: { url: string; stop(): Promise<void> };
  if (external) pgServer = { url: external, stop: async () => {} };
  else {
    await mkdir(CORPUS_DATA_DIR, { recursive: true });
    await chmod(CORPUS_DATA_DIR, 0o755);
    pgServer = await ensureDatabase({
      dataDir: CORPUS_DATA_DIR,
      database: "postgres",
      postgresFlags: ["-c", "max_wal_size=4GB"],
    });
  }
  let server: ChildProcess | null = null;
  try {
    const corpus = await prepareCorpus(pgServer.url, {
      executions: positiveInt("executions"),
      giants: positiveInt("giants"),
      reuse: args.reuse,
      now: Date.now(),
      log: console.log,
    });
    const db = new pg.Client({ connectionString: corpus.url });
    await db.connect();
    const size = (
      await db.query<{ executions: string; events: string }>(
        "SELECT (SELECT count(*) FROM executions)::text AS executions, (SELECT reltuples::bigint FROM pg_class WHERE relname = 'history_events')::text AS events",
      )
    ).rows[0]!;
    // Loopback only: the corpus's sources are AWS sources; mark them synced for a year so the
    // server's in-process scheduler never calls AWS during the run.
    await db.query(
      `UPDATE sources SET last_sync_at = now(), settings = settings || '{"pollIntervalSeconds": 31536000}'::jsonb WHERE kind = 'AWS'`,
    );
    // Corpora loaded before load-corpus moved the id sequences past its explicit ids: the local runs below add a source and machines.
    for (const table of ["sources", "state_machines", "executions"]) {
      await db.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
    }
    await db.end();
    console.log(
      `corpus: ${Number(size.executions).toLocaleString("en")} executions, ~${Number(size.events).toLocaleString("en")} events; ` +
        `${corpus.loaded ? "loaded" : "reused (migrations, ANALYZE)"} in ${(corpus.loadMs / 1000).toFixed(1)} s`,
    );

    if (args.build || !existsSync(resolve(root, distDir, "BUILD_ID"))) {
      console.log(`next build into ${distDir} …`);
      execFileSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
        cwd: root,
        env: { ...process.env, STEPSCOPE_DIST_DIR: distDir },
        stdio: "inherit",
      });
    }
    ensureAccount(corpus.url, "viewer");
    ensureAccount(corpus.url, "operator");

    server = startServer(corpus.url);
    await waitForHealth(server, 120_000);
    const [viewer, operator] = [await signIn("viewer"), await signIn("operator")];
    const shortRuns: string[] = [];
    for (let i = 0; i < 5; i++) {
      const run = await localRunOnce(operator, SHORT_DEFINITION, "bench-load-short");
      if (!run.executionArn) throw new Error(`local run of the short definition: ${run.outcome}`);
      shortRuns.push(run.executionArn);
    }
    const all = await routes(corpus.url, shortRuns);

    // Warm-up: every variant once (first requests load page code and plan queries).
    for (const r of all) {
      for (const p of r.paths) {
        const res = await fetch(`${base}${p}`, { headers: { cookie: viewer } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`warm-up: ${p} answered ${res.status}`);
      }
    }
    // The server's CPU per request of each route, alone and one at a time: what the load below
    // multiplies, and a figure a shared machine's contention hardly changes (latency it does).
    const cpuPerRoute: string[] = [];
    for (const r of all) {
      const before = cpuSeconds(server.pid);
      const t = performance.now();
      const n = 3 * r.paths.length > 30 ? r.paths.length : 3 * r.paths.length;
      for (let k = 0; k < n; k++) {
        const res = await fetch(`${base}${r.paths[k % r.paths.length]!}`, { headers: { cookie: viewer } });
        await res.arrayBuffer();
      }
      const after = cpuSeconds(server.pid);
      if (before !== null && after !== null)
        cpuPerRoute.push(
          `${r.name}: ${((1000 * (after - before)) / n).toFixed(1)} ms CPU, ${((performance.now() - t) / n).toFixed(0)} ms wall per request (${n} in a row)`,
        );
    }
    if (cpuPerRoute.length) console.log(`server CPU per request, one at a time:\n  ${cpuPerRoute.join("\n  ")}`);
    if (localRunKind === "loop") {
      // Alone, before the load: how long one run holds the server (health sampled meanwhile).
      const sampler = startHealthSampler(HEALTH_EVERY_MS);
      const probe = await localRunOnce(operator);
      const alone = await sampler.stop();
      console.log(
        `one local run of the loop, alone: answered ${probe.outcome} in ${probe.ms.toFixed(0)} ms; /api/health meanwhile: max ${Math.max(...alone.ms).toFixed(0)} ms over ${alone.ms.length} samples`,
      );
    }

    const pace =
      ratePerUser > 0 ? `${ratePerUser} request(s) a second per user` : "each user asks again as soon as answered";
    console.log(
      `\n${connections} users for ${durationS} s over ${all.length} routes, ${pace} (${distDir}, port ${port}); local runs: ${localRunKind}`,
    );
    const load = [loadavg()[0]!];
    const loadTimer = setInterval(() => load.push(loadavg()[0]!), 5_000);
    const cpuBefore = cpuSeconds(server.pid);
    const health = startHealthSampler(HEALTH_EVERY_MS);
    const stopLocal = new AbortController();
    const local = localRunKind === "loop" ? runLocalRunsUntil(operator, stopLocal.signal) : Promise.resolve(null);
    const results = await Promise.all(
      all.map((r, i) => {
        let next = 0;
        return autocannon({
          url: base,
          // 50 users split as evenly as the routes allow.
          connections: Math.floor(connections / all.length) + (i < connections % all.length ? 1 : 0),
          duration: durationS,
          timeout: 10,
          ...(ratePerUser > 0 ? { connectionRate: ratePerUser } : {}),
          headers: { cookie: viewer },
          requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: r.paths[next++ % r.paths.length]! }) }],
        });
      }),
    );
    stopLocal.abort();
    const [healthSamples, localStats] = await Promise.all([health.stop(), local]);
    const cpuAfter = cpuSeconds(server.pid);
    clearInterval(loadTimer);
    load.push(loadavg()[0]!);

    const line = (...cells: string[]) =>
      console.log(
        `| ${cells[0]!.padEnd(34)} | ${cells
          .slice(1)
          .map((c) => c.padStart(10))
          .join(" | ")} |`,
      );
    const answered = results.reduce((n, r) => n + r.requests.total, 0);
    // The server is one Node process: its share of one core is what it could serve with.
    const cpu =
      cpuBefore !== null && cpuAfter !== null
        ? `; the server process used ${(cpuAfter - cpuBefore).toFixed(1)} CPU s (${((100 * (cpuAfter - cpuBefore)) / durationS).toFixed(0)} % of one core), ${((1000 * (cpuAfter - cpuBefore)) / Math.max(answered, 1)).toFixed(0)} ms per answered route request (health checks and local runs included)`
        : "";
    console.log(
      `\n1-minute load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus} CPUs${cpu}\n`,
    );
    line("route", "users", "requests", "p50 ms", "p99 ms", "max ms", "errors", "non-2xx", "in flight", "goal");
    line("---", "---", "---", "---", "---", "---", "---", "---", "---", "---");
    // Sent and not yet answered when the run ended (autocannon leaves them out; one that waited 10 s is a timeout, an error).
    const inFlight = results.map((r) => Math.max(0, r.requests.sent - r.requests.total - r.errors));
    const routeOk = results.map(
      (r) => r.requests.total > 0 && r.latency.p99 < GOAL_P99_MS && r.errors + r.non2xx === 0,
    );
    results.forEach((res, i) => {
      const users = Math.floor(connections / all.length) + (i < connections % all.length ? 1 : 0);
      line(
        all[i]!.name,
        String(users),
        String(res.requests.total),
        String(res.latency.p50),
        String(res.latency.p99),
        String(res.latency.max),
        String(res.errors),
        String(res.non2xx),
        String(inFlight[i]),
        routeOk[i] ? "PASS" : "FAIL",
      );
    });
    const h = [...healthSamples.ms].sort((a, b) => a - b);
    const hMax = h.at(-1) ?? NaN;
    console.log(
      `\n/api/health every ${HEALTH_EVERY_MS} ms: ${h.length} samples, p50 ${pct(h, 0.5).toFixed(1)} ms, p99 ${pct(h, 0.99).toFixed(1)} ms, max ${hMax.toFixed(1)} ms, ` +
        `${h.filter((x) => x > GOAL_HEALTH_MS).length} over ${GOAL_HEALTH_MS} ms, ${healthSamples.failed} failed${
          healthSamples.failed
            ? ` (${Object.entries(healthSamples.why)
                .map(([k, n]) => `${n}× ${k}`)
                .join(", ")})`
            : ""
        }`,
    );
    if (localStats) {
      const l = [...localStats.ms].sort((a, b) => a - b);
      console.log(
        `local runs (operator, back to back): ${localStats.runs} started, ${[...localStats.statuses].map(([k, n]) => `${n}× ${k}`).join(", ")}; ` +
          `answered in p50 ${pct(l, 0.5).toFixed(0)} ms, max ${(l.at(-1) ?? NaN).toFixed(0)} ms`,
      );
    }
    const totalErrors = results.reduce((n, r) => n + r.errors + r.non2xx, 0);
    const p99Ok = results.every((r) => r.requests.total > 0 && r.latency.p99 < GOAL_P99_MS);
    const healthOk = hMax <= GOAL_HEALTH_MS && healthSamples.failed === 0;
    console.log(`\ngoal p99 < ${GOAL_P99_MS} ms on every route: ${p99Ok ? "PASS" : "FAIL"}`);
    console.log(
      `goal 0 errors (connection errors, 10-s timeouts, non-2xx): ${totalErrors === 0 ? "PASS" : `FAIL (${totalErrors})`}`,
    );
    console.log(`goal /api/health never over ${GOAL_HEALTH_MS} ms: ${healthOk ? "PASS" : "FAIL"}`);
    console.log(`overall: ${p99Ok && totalErrors === 0 && healthOk ? "PASS" : "FAIL"}`);
  } finally {
    if (server) await stopServer(server);
    await pgServer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
