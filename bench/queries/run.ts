/**
 * Analytics query benchmark: bulk-loads 1,000,000 executions and ~20,000,000 events in
 * AWS shapes (COPY) with the rollups ingestion keeps, then prints p50/p95 latency of the
 * overview, failures, costs and execution-list reads (what their API routes call, plus
 * JSON encoding), each under the filters a person uses. Goal: p95 < 150 ms.
 *
 *   npm run bench:queries [-- --executions 1000000 --giants 40 --iterations 40 --reuse]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_queries` is dropped and
 * created) or an embedded Postgres in /tmp/stepscope-bench-queries with its default
 * settings. `--reuse` keeps an already loaded `bench_queries` database.
 */
import { chmod, mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { parseAnalyticsParams } from "../../lib/analytics/analytics-params";
import { connectDatabase, type Database } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { getCosts } from "../../lib/queries/get-costs";
import { getFailures } from "../../lib/queries/get-failures";
import { getOverview } from "../../lib/queries/get-overview";
import { listExecutions } from "../../lib/queries/list-executions";
import { loadCorpus } from "./load-corpus";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "1000000" },
    giants: { type: "string", default: "40" },
    iterations: { type: "string", default: "40" },
    reuse: { type: "boolean", default: false },
  },
});
const DB_NAME = "bench_queries";

async function prepare(adminUrl: string, now: number): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const url = new URL(adminUrl);
  url.pathname = `/${DB_NAME}`;
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME])).rowCount === 1;
  if (args.reuse && exists) {
    await admin.end();
    console.log(`reusing database ${DB_NAME} (pending migrations applied)`);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await applyMigrations(client, resolve(__dirname, "../../prisma/migrations"));
    await client.query("ANALYZE executions");
    await client.end();
    return url.toString();
  }
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await applyMigrations(client, resolve(__dirname, "../../prisma/migrations"));
    console.log(`loading ${Number(args.executions).toLocaleString("en")} executions …`);
    await loadCorpus(client, { executions: Number(args.executions), giants: Number(args.giants), now, log: console.log });
  } finally {
    await client.end();
  }
  return url.toString();
}

interface Case {
  readonly api: string;
  readonly filters: string;
  readonly run: (db: Database) => Promise<unknown>;
}

function cases(topSignature: string | null, now: Date): Case[] {
  const a = (q: Record<string, string>) => parseAnalyticsParams(q);
  const l = (q: Record<string, string>) => parseExecutionListParams(q);
  const out: Case[] = [];
  const analytics = [
    ["overview", getOverview],
    ["failures", getFailures],
    ["costs", getCosts],
  ] as const;
  const filterSets = [
    { range: "24h" }, { range: "7d" }, { range: "30d" }, { range: "90d" }, { range: "all" },
    { range: "7d", stateMachine: "orders-1" }, { range: "30d", region: "eu-west-3" }, { range: "90d", account: "111122223333", source: "prod-us" },
  ];
  for (const [api, fn] of analytics) {
    for (const f of filterSets) out.push({ api, filters: new URLSearchParams(f).toString(), run: (db) => fn(db, a(f), now) });
  }
  const lists: Record<string, string>[] = [
    {}, { status: "FAILED", range: "7d" }, { stateMachine: "payments-2", range: "24h" }, { q: "Declined", range: "30d" },
    { status: "RUNNING,FAILED", source: "prod-eu" }, { sort: "duration", range: "24h" }, { page: "5", range: "30d" },
    ...(topSignature ? [{ signature: topSignature, status: "FAILED,TIMED_OUT" }] : []),
  ];
  for (const f of lists) out.push({ api: "executions", filters: new URLSearchParams(f).toString() || "(none)", run: (db) => listExecutions(db.prisma, l(f), now) });
  return out;
}

const pct = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const now = Date.now();
  const external = process.env["BENCH_DATABASE_URL"];
  let server: { url: string; stop(): Promise<void> };
  if (external) server = { url: external, stop: async () => {} };
  else {
    const dataDir = "/tmp/stepscope-bench-queries";
    await mkdir(dataDir, { recursive: true });
    await chmod(dataDir, 0o755);
    server = await ensureDatabase({ dataDir, database: "postgres", postgresFlags: ["-c", "max_wal_size=4GB"] });
  }
  const db = connectDatabase(await prepare(server.url, now), { max: 4 });
  try {
    const stats = (await db.pool.query<{ executions: string; events: string }>(
      "SELECT (SELECT count(*) FROM executions)::text AS executions, (SELECT reltuples::bigint FROM pg_class WHERE relname = 'history_events')::text AS events",
    )).rows[0]!;
    console.log(`corpus: ${Number(stats.executions).toLocaleString("en")} executions, ~${Number(stats.events).toLocaleString("en")} events`);
    const top = (await db.pool.query<{ signature: string }>("SELECT signature FROM failure_signature_daily_rollups GROUP BY 1 ORDER BY sum(count) DESC LIMIT 1")).rows[0];
    const all = cases(top?.signature ?? null, new Date(now));
    for (const c of all) JSON.stringify(await c.run(db)); // warm-up: plans and caches
    const times = new Map<Case, number[]>(all.map((c) => [c, []]));
    const iterations = Number(args.iterations);
    for (let i = 0; i < iterations; i++) {
      for (const c of all) {
        const t = performance.now();
        JSON.stringify(await c.run(db), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
        times.get(c)!.push(performance.now() - t);
      }
    }
    const line = (a: string, b: string, c: string, d: string, e: string) => console.log(`| ${a.padEnd(10)} | ${b.padEnd(58)} | ${c.padStart(6)} | ${d.padStart(8)} | ${e.padStart(8)} |`);
    console.log(`\n${iterations} timed calls per row, run one after another on ${process.env["BENCH_DATABASE_URL"] ? "BENCH_DATABASE_URL" : "embedded Postgres (defaults)"}\n`);
    line("API", "filters", "calls", "p50 ms", "p95 ms");
    line("---", "---", "---", "---", "---");
    const byApi = new Map<string, number[]>();
    for (const c of all) {
      const t = [...times.get(c)!].sort((x, y) => x - y);
      byApi.set(c.api, [...(byApi.get(c.api) ?? []), ...t]);
      line(c.api, c.filters, String(t.length), pct(t, 0.5).toFixed(1), pct(t, 0.95).toFixed(1));
    }
    console.log("");
    line("API", "all filter sets together", "calls", "p50 ms", "p95 ms");
    line("---", "---", "---", "---", "---");
    let worst = 0;
    for (const [api, t] of byApi) {
      t.sort((x, y) => x - y);
      worst = Math.max(worst, pct(t, 0.95));
      line(api, "", String(t.length), pct(t, 0.5).toFixed(1), pct(t, 0.95).toFixed(1));
    }
    console.log(`\ngoal p95 < 150 ms per API: ${worst < 150 ? "met" : "NOT met"} (worst ${worst.toFixed(1)} ms)`);
  } finally {
    await db.prisma.$disconnect();
    await db.pool.end();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
