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
 *                          --port 3304 --local-run loop|none --rate 0 [--aligned] [--seed 1]
 *                          --build --profile <dir>
 *                          --database bench_queries --server-root <checkout>]
 *
 * `--database <name>`: the corpus's database (default `bench_queries`, shared with
 * bench:queries; a copy of its own lets this benchmark's local runs and accounts stay out of it).
 *
 * `--server-root <checkout>`: start the server of another checkout (its `bin/serve.mjs`, with
 * `STEPSCOPE_DIST_DIR` built there): the same benchmark, before and after a change.
 *
 * The server's CPU is the primary process's plus its render workers' (not the local runs'
 * interpreter children); `STEPSCOPE_RENDER_WORKERS` passes through (0: one process).
 *
 * `--profile <dir>`: the server runs under `node --cpu-prof` and writes its CPU profile into
 * `<dir>` when it stops (read it with `bench/load/summarize-profile.ts`).
 *
 * `--rate R`: each user sends R requests a second (a person clicking, a page polling); the
 * default 0 sends the next request as soon as the last is answered (closed loop, the most
 * load 50 connections can make). Paced users are independent by default: each one is its own
 * autocannon instance of one connection, started at a random phase within the first 1/R s
 * (`--seed N`, default 1, picks the phases; the same seed gives both servers of a comparison
 * the same ones), so their requests do not line up. `--aligned` paces them in step instead, as
 * bench:load did until session 11: one instance per route, whose connections autocannon paces
 * each with its own 1-s timer started as it connects, so all 50 users send at the same instant
 * every second and a route's p99 is how long that burst takes to drain. The report says which
 * pacing ran. Either way a route's p50/p99 are computed over all its requests' latencies.
 *
 * The corpus is `bench:queries`' (same loader, same database `bench_queries` in the same
 * embedded Postgres, /tmp/stepscope-bench-queries or `BENCH_CORPUS_DIR`, or `BENCH_DATABASE_URL`): `--reuse`
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
import { execFileSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { cpus as listCpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { ensureDatabase } from "../../lib/db/embedded";
import { CORPUS_DATA_DIR, prepareCorpus } from "../queries/prepare-corpus";
import { SHORT_DEFINITION } from "./definitions";
import { startHealthSampler } from "./health-sampler";
import { localRunOnce, runLocalRunsUntil } from "./local-runs";
import {
  addInstanceResult,
  describePacing,
  emptyFigures,
  type Pacing,
  type RouteFigures,
  userPhasesMs,
} from "./pacing";
import { printReport } from "./report";
import { routes, type Route } from "./routes";
import { cpuSeconds, ensureAccount, signIn, startServer, stopServer, waitForHealth } from "./server";

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
    database: { type: "string" },
    "server-root": { type: "string" },
    aligned: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
  },
});
const root = resolve(__dirname, "../..");
const serverRoot = args["server-root"] ? resolve(args["server-root"]) : root;
const durationS = positiveInt("duration");
const connections = positiveInt("connections");
const port = positiveInt("port");
// Requests a second per user; 0: each user sends its next request as soon as the last is answered.
const ratePerUser = Number(args.rate);
if (!Number.isFinite(ratePerUser) || ratePerUser < 0)
  throw new Error(`--rate: expected a number ≥ 0 (requests a second per user), got '${args.rate}'`);
if (args.aligned && ratePerUser === 0)
  throw new Error("--aligned: only with --rate R > 0 (a closed loop has no pacing to align)");
const pacing: Pacing = ratePerUser === 0 ? "closed" : args.aligned ? "aligned" : "independent";
const seed = Number(args.seed);
if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
  throw new Error(`--seed: expected an integer from 0 to 4294967295 (the users' phases), got '${args.seed}'`);
const localRunKind = args["local-run"];
if (localRunKind !== "loop" && localRunKind !== "none")
  throw new Error(`--local-run: expected loop or none, got '${localRunKind}'`);
const distDir = process.env["STEPSCOPE_DIST_DIR"] || ".next";
const base = `http://127.0.0.1:${port}`;
const HEALTH_EVERY_MS = 200;

function positiveInt(name: "duration" | "connections" | "port" | "executions" | "giants"): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: expected a positive integer, got '${args[name]}'`);
  return n;
}

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
      ...(args.database ? { database: args.database } : {}),
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

    if (args.build || !existsSync(resolve(serverRoot, distDir, "BUILD_ID"))) {
      console.log(`next build into ${distDir} …`);
      execFileSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
        cwd: serverRoot,
        env: { ...process.env, STEPSCOPE_DIST_DIR: distDir },
        stdio: "inherit",
      });
    }
    ensureAccount(root, corpus.url, "viewer");
    ensureAccount(root, corpus.url, "operator");

    server = startServer({ root: serverRoot, base, port, distDir, profile: args.profile }, corpus.url);
    await waitForHealth(base, server, 120_000);
    const [viewer, operator] = [await signIn(base, "viewer"), await signIn(base, "operator")];
    const shortRuns: string[] = [];
    for (let i = 0; i < 5; i++) {
      const run = await localRunOnce(base, operator, SHORT_DEFINITION, "bench-load-short");
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
      const sampler = startHealthSampler(`${base}/api/health`, HEALTH_EVERY_MS);
      const probe = await localRunOnce(base, operator);
      const alone = await sampler.stop();
      console.log(
        `one local run of the loop, alone: answered ${probe.outcome} in ${probe.ms.toFixed(0)} ms; /api/health meanwhile: max ${Math.max(...alone.ms).toFixed(0)} ms over ${alone.ms.length} samples`,
      );
    }

    console.log(
      `\n${connections} users for ${durationS} s over ${all.length} routes, ${describePacing(pacing, ratePerUser, seed)} (${serverRoot}/${distDir}, port ${port}, render workers: ${process.env["STEPSCOPE_RENDER_WORKERS"] ?? "default"}); local runs: ${localRunKind}`,
    );
    const load = [loadavg()[0]!];
    const loadTimer = setInterval(() => load.push(loadavg()[0]!), 5_000);
    const cpuBefore = cpuSeconds(server.pid);
    const health = startHealthSampler(`${base}/api/health`, HEALTH_EVERY_MS);
    const stopLocal = new AbortController();
    const local = localRunKind === "loop" ? runLocalRunsUntil(base, operator, stopLocal.signal) : Promise.resolve(null);
    const periodMs = ratePerUser > 0 ? 1000 / ratePerUser : null;
    const figures = await loadRoutes(all, viewer);
    stopLocal.abort();
    const [healthSamples, localStats] = await Promise.all([health.stop(), local]);
    const cpuAfter = cpuSeconds(server.pid);
    clearInterval(loadTimer);
    load.push(loadavg()[0]!);

    printReport({
      figures,
      pacing: describePacing(pacing, ratePerUser, seed),
      periodMs,
      all,
      connections,
      durationS,
      cpus,
      load,
      cpuBefore,
      cpuAfter,
      healthEveryMs: HEALTH_EVERY_MS,
      healthSamples,
      localStats,
    });
  } finally {
    if (server) await stopServer(server);
    await pgServer.stop();
  }
}

/** Users per route: `connections` split as evenly as the routes allow. */
const usersOf = (route: number, routes: number) =>
  Math.floor(connections / routes) + (route < connections % routes ? 1 : 0);

/**
 * Puts the routes under load for `durationS` and returns each route's figures, every request's
 * latency kept (percentiles are computed over all of a route's requests). Aligned or closed: one
 * autocannon instance per route with that route's users as its connections (autocannon paces them
 * in step). Independent: one instance per user, started at that user's phase.
 */
async function loadRoutes(all: readonly Route[], viewer: string): Promise<RouteFigures[]> {
  const figures = all.map(() => emptyFigures());
  const run = (route: number, users: number) => {
    const r = all[route]!;
    let next = 0;
    return new Promise<void>((done, fail) => {
      const instance = autocannon(
        {
          url: base,
          connections: users,
          duration: durationS,
          timeout: 10,
          ...(ratePerUser > 0 ? { connectionRate: ratePerUser } : {}),
          headers: { cookie: viewer },
          requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: r.paths[next++ % r.paths.length]! }) }],
        },
        (error, result) => {
          if (error) return fail(error instanceof Error ? error : new Error(String(error)));
          addInstanceResult(figures[route]!, result);
          done();
        },
      );
      instance.on("response", (_client, status, _bytes, responseTime) => {
        const f = figures[route]!;
        f.latenciesMs.push(responseTime);
        if (status < 200 || status > 299) f.otherStatuses.set(status, (f.otherStatuses.get(status) ?? 0) + 1);
      });
    });
  };
  if (pacing !== "independent") {
    await Promise.all(all.map((_, i) => run(i, usersOf(i, all.length))));
    return figures;
  }
  const users = all.flatMap((_, i) => Array.from({ length: usersOf(i, all.length) }, () => i));
  const phases = userPhasesMs(users.length, ratePerUser, seed);
  await Promise.all(
    users.map(
      (route, u) => new Promise<void>((done, fail) => setTimeout(() => run(route, 1).then(done, fail), phases[u]!)),
    ),
  );
  return figures;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
