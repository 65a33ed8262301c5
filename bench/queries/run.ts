/**
 * Analytics query benchmark: bulk-loads 1,000,000 executions and ~20,000,000 events in
 * AWS shapes (COPY) with the rollups ingestion keeps, then prints p50/p95 latency of the
 * overview, failures, costs, execution-list and per-state (state machine page) reads (what their API routes call, plus
 * JSON encoding), each under the filters a person uses. Goal: p95 < 150 ms.
 *
 * Side by side: every call is timed twice per round, once with the current `lib/queries`
 * code ("now") and once with the code before the speed work (`bench/queries/baseline/`,
 * "before"), in alternating order, on the same database (so "before" also has the new
 * indexes and rollups) and under the same machine load.
 *
 *   npm run bench:queries [-- --executions 1000000 --giants 40 --iterations 40 --reuse]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_queries` is dropped and
 * created) or an embedded Postgres in /tmp/stepscope-bench-queries with its default
 * settings. `--reuse` keeps an already loaded `bench_queries` database (pending
 * migrations applied) and times it from the moment it was seeded, so "last 24 hours"
 * means the same rows as on the day it was loaded.
 */
import { cpus as listCpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { parseAnalyticsParams } from "../../lib/queries/analytics-params";
import { connectDatabase, type Database } from "../../lib/db/database";
import { startBenchServer } from "./bench-server";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { getCosts } from "../../lib/queries/get-costs";
import { getFailures } from "../../lib/queries/get-failures";
import { getOverview } from "../../lib/queries/get-overview";
import { getStateFigures } from "../../lib/queries/get-state-figures";
import { listExecutions } from "../../lib/queries/list-executions";
import { CORPUS_DATA_DIR, prepareCorpus } from "./prepare-corpus";
import { listFilterSets, TOP_SIGNATURE_SQL } from "./list-cases";
import { getCosts as getCostsBefore } from "./baseline/get-costs";
import { getFailures as getFailuresBefore } from "./baseline/get-failures";
import { getOverview as getOverviewBefore } from "./baseline/get-overview";
import { listExecutions as listExecutionsBefore } from "./baseline/list-executions";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "1000000" },
    giants: { type: "string", default: "40" },
    iterations: { type: "string", default: "40" },
    reuse: { type: "boolean", default: false },
  },
});
const cpus = listCpus().length;

interface Case {
  readonly api: string;
  readonly filters: string;
  readonly now: (db: Database) => Promise<unknown>;
  readonly before: (db: Database) => Promise<unknown>;
}

type BenchMachine = { id: number; type: "STANDARD" | "EXPRESS"; region: string | null };

function cases(topSignature: string | null, machine: BenchMachine | null, now: Date): Case[] {
  const a = (q: Record<string, string>) => parseAnalyticsParams(q);
  const l = (q: Record<string, string>) => parseExecutionListParams(q);
  const out: Case[] = [];
  const analytics = [
    ["overview", getOverview, getOverviewBefore],
    ["failures", getFailures, getFailuresBefore],
    ["costs", getCosts, getCostsBefore],
  ] as const;
  const filterSets = [
    { range: "24h" },
    { range: "7d" },
    { range: "30d" },
    { range: "90d" },
    { range: "all" },
    { range: "7d", stateMachine: "orders-1" },
    { range: "30d", region: "eu-west-3" },
    { range: "90d", account: "111122223333", source: "prod-us" },
  ];
  for (const [api, current, previous] of analytics) {
    for (const f of filterSets) {
      out.push({
        api,
        filters: new URLSearchParams(f).toString(),
        now: (db) => current(db, a(f), now),
        before: (db) => previous(db, a(f), now),
      });
    }
  }
  const lists = listFilterSets(topSignature);
  for (const f of lists) {
    out.push({
      api: "executions",
      filters: new URLSearchParams(f).toString() || "(none)",
      now: (db) => listExecutions(db.prisma, l(f), now),
      before: (db) => listExecutionsBefore(db.prisma, l(f), now),
    });
  }
  // The state machine page's per-state figures (new: no "before"; both sides run today's code).
  if (machine) {
    for (const range of ["24h", "7d", "30d", "90d", "all"] as const) {
      const read = (db: Database) => getStateFigures(db, machine, { range, includeLocal: false }, now);
      out.push({ api: "states", filters: `stateMachine=orders-1&range=${range}`, now: read, before: read });
    }
  }
  return out;
}

const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const now = Date.now();
  const server = await startBenchServer(CORPUS_DATA_DIR);
  const { url, seededAt } = await prepareCorpus(server.url, {
    executions: Number(args.executions),
    giants: Number(args.giants),
    reuse: args.reuse,
    now,
    log: console.log,
  });
  const db = connectDatabase(url, { max: 4 });
  try {
    const stats = (
      await db.pool.query<{ executions: string; events: string }>(
        "SELECT (SELECT count(*) FROM executions)::text AS executions, (SELECT reltuples::bigint FROM pg_class WHERE relname = 'history_events')::text AS events",
      )
    ).rows[0]!;
    console.log(
      `corpus: ${Number(stats.executions).toLocaleString("en")} executions, ~${Number(stats.events).toLocaleString("en")} events, seeded ${new Date(seededAt).toISOString()}`,
    );
    const top = (await db.pool.query<{ signature: string }>(TOP_SIGNATURE_SQL)).rows[0];
    const machine = (
      await db.pool.query<BenchMachine>(
        "SELECT id, type::text AS type, region FROM state_machines WHERE name = 'orders-1' ORDER BY id LIMIT 1",
      )
    ).rows[0];
    const all = cases(top?.signature ?? null, machine ?? null, new Date(seededAt));
    const encode = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
    for (const c of all) {
      encode(await c.now(db)); // warm-up: plans and caches
      encode(await c.before(db));
    }
    const times = new Map<Case, { now: number[]; before: number[] }>(all.map((c) => [c, { now: [], before: [] }]));
    const iterations = Number(args.iterations);
    const load = [loadavg()[0]!];
    for (let i = 0; i < iterations; i++) {
      for (const c of all) {
        // Alternate which runs first, so neither side always gets the warmer cache.
        for (const side of i % 2 === 0 ? (["now", "before"] as const) : (["before", "now"] as const)) {
          const t = performance.now();
          encode(await c[side](db));
          times.get(c)![side].push(performance.now() - t);
        }
      }
      load.push(loadavg()[0]!);
    }
    const line = (a: string, b: string, ...rest: string[]) =>
      console.log(`| ${a.padEnd(10)} | ${b.padEnd(58)} | ${rest.map((r) => r.padStart(9)).join(" | ")} |`);
    const where = process.env["BENCH_DATABASE_URL"] ? "BENCH_DATABASE_URL" : "embedded Postgres (defaults)";
    console.log(
      `\n${iterations} timed calls per row and side, on ${where}; 1-minute load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus} CPUs`,
    );
    console.log(
      `"before" = lib/queries as of 66185d3 (bench/queries/baseline), "now" = lib/queries today; same database and indexes\n`,
    );
    const header = () => {
      line("API", "filters", "calls", "before p50", "before p95", "now p50", "now p95");
      line("---", "---", "---", "---", "---", "---", "---");
    };
    header();
    const byApi = new Map<string, { now: number[]; before: number[] }>();
    const sorted = (t: readonly number[]) => [...t].sort((x, y) => x - y);
    for (const c of all) {
      const t = times.get(c)!;
      const [n, b] = [sorted(t.now), sorted(t.before)];
      const acc = byApi.get(c.api) ?? { now: [], before: [] };
      acc.now.push(...n);
      acc.before.push(...b);
      byApi.set(c.api, acc);
      line(
        c.api,
        c.filters,
        String(n.length),
        pct(b, 0.5).toFixed(1),
        pct(b, 0.95).toFixed(1),
        pct(n, 0.5).toFixed(1),
        pct(n, 0.95).toFixed(1),
      );
    }
    console.log("");
    line("API", "all filter sets together", "calls", "before p50", "before p95", "now p50", "now p95");
    line("---", "---", "---", "---", "---", "---", "---");
    let worst = 0;
    for (const [api, t] of byApi) {
      const [n, b] = [sorted(t.now), sorted(t.before)];
      worst = Math.max(worst, pct(n, 0.95));
      line(
        api,
        "",
        String(n.length),
        pct(b, 0.5).toFixed(1),
        pct(b, 0.95).toFixed(1),
        pct(n, 0.5).toFixed(1),
        pct(n, 0.95).toFixed(1),
      );
    }
    console.log(`\ngoal p95 < 150 ms per API (now): ${worst < 150 ? "met" : "NOT met"} (worst ${worst.toFixed(1)} ms)`);
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
