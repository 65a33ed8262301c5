/**
 * Alert evaluation benchmark: 50 rules (ten of each condition, over all state machines,
 * some machines, a region) evaluated over the `bench/queries` corpus; prints p50/p95 of one
 * whole evaluation (every rule under its advisory lock in one transaction, incidents and
 * notifications written) beside the bare condition queries it runs (the same reads, one
 * after another, outside any transaction). Goal: p95 < 1 s per evaluation. Each round runs
 * both ways of reading the conditions, alternated: one query per rule (before) and one
 * query per condition kind (`readAlertSignalsBatch`, what the evaluator uses).
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
import { readAlertSignalsBatch, readAlertSignalsPerRule } from "../../lib/alerts/read-alert-signals";
import type { AlertRuleFields } from "../../lib/store/alert-rule-schema";
import { listAlertRules } from "../../lib/queries/list-alert-rules";
import { createAlertRule } from "../../lib/store/alert-rule-rows";
import { prepareCorpus } from "../queries/prepare-corpus";

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

function rules(machines: readonly string[], region: string): AlertRuleFields[] {
  const scopes = (i: number) =>
    i % 3 === 0
      ? {}
      : i % 3 === 1
        ? { stateMachines: machines.slice(i % machines.length, (i % machines.length) + 3) }
        : { regions: [region] };
  const out: AlertRuleFields[] = [];
  for (let i = 0; i < 10; i += 1) {
    const base = { scope: scopes(i), notify: [], repeatMinutes: 60 };
    out.push({ ...base, name: `nfg-${i}`, condition: { kind: "new-failure-group", quietFor: `${6 + i}h` } });
    out.push({
      ...base,
      name: `rate-${i}`,
      condition: { kind: "failure-rate", abovePercent: 2 + i, window: `${1 + i}h` },
    });
    out.push({
      ...base,
      name: `p95-${i}`,
      condition:
        i % 2 === 0
          ? { kind: "duration-p95", above: `${10 + i}s`, window: "1h" }
          : { kind: "duration-p95", aboveRatio: 1.5, window: "6h" },
    });
    out.push({ ...base, name: `long-${i}`, condition: { kind: "running-longer-than", after: `${1 + i}h` } });
    out.push({ ...base, name: `cost-${i}`, condition: { kind: "monthly-cost", budgetUsd: 10 * (i + 1) } });
  }
  return out;
}

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
    for (const rule of rules(
      machines.map((m) => m.name),
      machines[0]!.region,
    ))
      await createAlertRule(db.pool, { userId: null, name: "bench" }, rule);
    await db.pool.query("ANALYZE");
    const stored = await listAlertRules(db.pool);
    const iterations = Number(args.iterations);
    // Before (one query per rule) and after (one query per condition kind), alternated in each round
    // so both sides see the same machine load; each round's clock is a minute further (as the worker's).
    const sides = { perRule: readAlertSignalsPerRule, batched: readAlertSignalsBatch } as const;
    const times = {
      bare: { perRule: [] as number[], batched: [] as number[] },
      evaluation: { perRule: [] as number[], batched: [] as number[] },
    };
    let notifications = 0;
    for (let i = -1; i < iterations; i += 1) {
      const order = i % 2 === 0 ? (["perRule", "batched"] as const) : (["batched", "perRule"] as const);
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
        `warm-up notifications ${notifications}; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
    );
    console.log(row("bare queries, one per rule (before)", times.bare.perRule));
    console.log(row("bare queries, one per kind (after)", times.bare.batched));
    console.log(row("evaluation, one query per rule", times.evaluation.perRule));
    console.log(row("evaluation, one query per kind", times.evaluation.batched));
    const p95 = (xs: number[]) =>
      pct(
        [...xs].sort((a, b) => a - b),
        0.95,
      );
    console.log(
      `evaluation p95 ratio before / after: ${(p95(times.evaluation.perRule) / p95(times.evaluation.batched)).toFixed(1)}×`,
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
