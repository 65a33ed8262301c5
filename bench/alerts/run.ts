/**
 * Alert evaluation benchmark: 50 rules (ten of each condition, over all state machines,
 * some machines, a region) evaluated over the `bench/queries` corpus; prints p50/p95 of one
 * whole evaluation (every rule under its advisory lock in one transaction, incidents and
 * notifications written) beside the bare condition queries it runs (the same reads, one
 * after another, outside any transaction). Goal: p95 < 1 s per evaluation. Each round runs
 * both ways of reading the conditions, alternated: from the raw executions, one query per
 * condition kind (`readAlertSignalsBatch`, before) and from the rollups
 * (`readAlertSignalsFromRollups`, what the evaluator uses).
 *
 *   npm run bench:alerts [-- --executions 1000000 --iterations 20 --reuse --database <name>]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; its `bench_queries` database is dropped and
 * loaded) or an embedded Postgres of its own in /tmp/stepscope-bench-alerts.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { connectDatabase } from "../../lib/db/database";
import { startBenchServer } from "../queries/bench-server";
import { loadPriceTable } from "../../lib/cost/load-price-table";
import { evaluateAlertRules } from "../../lib/alerts/evaluate-alert-rules";
import { readAlertSignalsBatch, readAlertSignalsFromRollups } from "../../lib/alerts/read-alert-signals";
import { listAlertRules } from "../../lib/queries/list-alert-rules";
import { createAlertRule } from "../../lib/store/alert-rule-rows";
import { prepareCorpus } from "../queries/prepare-corpus";
import { benchRules } from "./bench-rules";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "1000000" },
    iterations: { type: "string", default: "20" },
    /** Keep a loaded corpus (its earlier rules and incidents are removed first). */
    reuse: { type: "boolean", default: false },
    /** The corpus database's name (default bench_queries): a copy keeps others' corpora apart. */
    database: { type: "string" },
  },
});
const DATA_DIR = "/tmp/stepscope-bench-alerts";
const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const server = await startBenchServer(DATA_DIR);
  const { url, seededAt } = await prepareCorpus(server.url, {
    executions: Number(args.executions),
    giants: 40,
    reuse: args.reuse,
    ...(args.database ? { database: args.database } : {}),
    now: Date.now(),
    log: console.log,
  });
  const db = connectDatabase(url, { max: 4 });
  try {
    await db.pool.query("DELETE FROM alert_rules");
    const { rows: machines } = await db.pool.query<{ name: string; region: string }>(
      "SELECT name, region FROM state_machines ORDER BY id",
    );
    for (const rule of benchRules(
      machines.map((m) => m.name),
      machines[0]!.region,
    ))
      await createAlertRule(db.pool, { userId: null, name: "bench" }, rule);
    await db.pool.query("ANALYZE");
    const stored = await listAlertRules(db.pool);
    const iterations = Number(args.iterations);
    // Before (the raw executions) and after (the rollups), alternated in each round so both sides
    // see the same machine load; each evaluation's clock is a minute further (as the worker's).
    const sides = { raw: readAlertSignalsBatch, rollup: readAlertSignalsFromRollups } as const;
    const times = {
      bare: { raw: [] as number[], rollup: [] as number[] },
      evaluation: { raw: [] as number[], rollup: [] as number[] },
    };
    const loads: number[] = [];
    let notifications = 0;
    for (let i = -1; i < iterations; i += 1) {
      const order = i % 2 === 0 ? (["raw", "rollup"] as const) : (["rollup", "raw"] as const);
      loads.push(loadavg()[0]!);
      for (const [n, side] of order.entries()) {
        const now = new Date(seededAt + ((i + 1) * 2 + n) * 60_000);
        let t = performance.now();
        const prices = await loadPriceTable(db, now);
        await sides[side](db.pool, stored, now, prices);
        const bareMs = performance.now() - t;
        t = performance.now();
        const run = await evaluateAlertRules(db, { now, publicUrl: "http://localhost:3000", readSignals: sides[side] });
        const evalMs = performance.now() - t;
        if (i < 0) {
          notifications += run.notifications.length;
          continue; // warm-up: plans, caches, and the first incidents opened
        }
        times.bare[side].push(bareMs);
        times.evaluation[side].push(evalMs);
      }
    }
    const row = (label: string, xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `${label.padEnd(36)} p50 ${pct(s, 0.5).toFixed(0).padStart(6)} ms   p95 ${pct(s, 0.95).toFixed(0).padStart(6)} ms`;
    };
    const { rows: counts } = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM executions");
    console.log(
      `\n${Number(counts[0]!.n).toLocaleString("en")} executions, ${stored.length} rules, ${iterations} evaluations; ` +
        `warm-up notifications ${notifications}; load average (1 min) during the rounds ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, now ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
    );
    console.log(row("bare queries, raw executions (before)", times.bare.raw));
    console.log(row("bare queries, rollups (after)", times.bare.rollup));
    console.log(row("evaluation, raw executions", times.evaluation.raw));
    console.log(row("evaluation, rollups", times.evaluation.rollup));
    const p95 = (xs: number[]) =>
      pct(
        [...xs].sort((a, b) => a - b),
        0.95,
      );
    console.log(
      `p95 ratio raw / rollups: bare ${(p95(times.bare.raw) / p95(times.bare.rollup)).toFixed(1)}×, evaluation ${(p95(times.evaluation.raw) / p95(times.evaluation.rollup)).toFixed(1)}×`,
    );
  } finally {
    await db.prisma.$disconnect();
    await db.pool.end();
    await server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
