/**
 * Retention benchmark: loads the `bench:queries` corpus (executions, events and state runs,
 * 90 days ending now) into its own database, then applies a retention that removes the oldest
 * stored month (UTC; `--months N`: the N oldest), exactly: its cutoff is the first instant of the next month (the
 * retention's `now` is that instant plus `executionDays` whole days), while a reader keeps
 * calling the pages' reads (Overview 30d, the execution list, one execution's history). Prints
 * the retention's wall time, executions removed, its slowest batch, the months dropped whole,
 * and the reads' p50/p95 before and during it. Goal: a month removed in < 1 s, reads' p95 unchanged.
 *
 *   npm run bench:retention [-- --executions 200000 --giants 4 --batch 2000 --reuse --database bench_retention --months 1]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `--database`, default `bench_retention`,
 * is dropped and created) or an embedded Postgres in `BENCH_CORPUS_DIR` (default
 * /tmp/stepscope-bench-retention). `--reuse` keeps a loaded database (pending migrations
 * applied; a previous run already removed its oldest month: the next month goes then).
 */
import { parseArgs } from "node:util";
import { connectDatabase, type Database } from "../../lib/db/database";
import { startBenchServer } from "./bench-server";
import { parseAnalyticsParams } from "../../lib/queries/analytics-params";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { getHistoryEvents } from "../../lib/queries/get-history-events";
import { getOverview } from "../../lib/queries/get-overview";
import { listExecutions } from "../../lib/queries/list-executions";
import { applyRetention } from "../../lib/store/apply-retention";
import { prepareCorpus } from "./prepare-corpus";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "200000" },
    giants: { type: "string", default: "4" },
    batch: { type: "string", default: "2000" },
    reuse: { type: "boolean", default: false },
    database: { type: "string", default: "bench_retention" },
    months: { type: "string", default: "1" },
  },
});
const DATA_DIR = process.env["BENCH_CORPUS_DIR"] || "/tmp/stepscope-bench-retention";

const pct = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;

/** Calls the reads in turn until `stop` says so; returns each call's ms. */
async function readLoop(db: Database, arns: readonly string[], now: Date, stop: () => boolean): Promise<number[]> {
  const times: number[] = [];
  const overview = parseAnalyticsParams({ range: "30d" });
  const list = parseExecutionListParams({ range: "7d" });
  for (let i = 0; !stop(); i++) {
    const t = performance.now();
    if (i % 3 === 0) await getOverview(db, overview, now);
    else if (i % 3 === 1) await listExecutions(db.prisma, list, now);
    else await getHistoryEvents(db.prisma, arns[i % arns.length]!);
    times.push(performance.now() - t);
  }
  return times;
}

function summary(times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `${sorted.length} reads, p50 ${pct(sorted, 0.5).toFixed(1)} ms, p95 ${pct(sorted, 0.95).toFixed(1)} ms, max ${pct(sorted, 1).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const server = await startBenchServer(DATA_DIR);
  const { url, seededAt, loadMs, loaded } = await prepareCorpus(server.url, {
    database: args.database,
    executions: Number(args.executions),
    giants: Number(args.giants),
    stateRuns: true,
    reuse: args.reuse,
    now: Date.now(),
    log: console.log,
  });
  if (loaded) console.log(`loaded in ${(loadMs / 1000).toFixed(0)} s`);
  const db = connectDatabase(url, { max: 4 });
  try {
    const now = new Date(seededAt);
    const { rows: span } = await db.pool.query<{ executions: string; oldest: Date; events: string; runs: string }>(
      `SELECT count(*)::text AS executions, min(start_date) AS oldest,
              (SELECT count(*) FROM history_events)::text AS events, (SELECT count(*) FROM state_runs)::text AS runs
         FROM executions`,
    );
    const oldest = span[0]!.oldest;
    // The oldest `--months` months, exactly: the cutoff is the first of the month after them (UTC).
    const cutoff = new Date(Date.UTC(oldest.getUTCFullYear(), oldest.getUTCMonth() + Number(args.months), 1));
    const executionDays = Math.max(1, Math.round((now.getTime() - cutoff.getTime()) / 86_400_000));
    const retentionNow = new Date(cutoff.getTime() + executionDays * 86_400_000);
    const { rows: doomed } = await db.pool.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM executions WHERE start_date < $1 AND status <> 'RUNNING'",
      [cutoff],
    );
    console.log(
      `corpus: ${Number(span[0]!.executions).toLocaleString("en")} executions, ${Number(span[0]!.events).toLocaleString("en")} events, ` +
        `${Number(span[0]!.runs).toLocaleString("en")} state runs; oldest ${oldest.toISOString()}; ` +
        `retention ${executionDays} days removes ${Number(doomed[0]!.n).toLocaleString("en")} executions started before ${cutoff.toISOString()}`,
    );
    const { rows: sample } = await db.pool.query<{ execution_arn: string }>(
      "SELECT execution_arn FROM executions WHERE start_date >= $1 ORDER BY id DESC LIMIT 200",
      [cutoff],
    );
    const arns = sample.map((r) => r.execution_arn);
    const reader = connectDatabase(url, { max: 2 });
    try {
      let t0 = performance.now();
      const before = await readLoop(reader, arns, now, () => performance.now() - t0 > 8_000);
      let done = false;
      let slowestBatch = 0;
      const steps: string[] = [];
      let lastBatch = performance.now();
      t0 = performance.now();
      const during = readLoop(reader, arns, now, () => done);
      const outcome = await applyRetention(
        db.pool,
        { default: { executionDays, rollupDays: null }, sources: {} },
        {
          now: retentionNow,
          batchSize: Number(args.batch),
          onStep: (name, ms) => steps.push(`${name} ${ms.toFixed(0)} ms`),
          onBatch: () => {
            slowestBatch = Math.max(slowestBatch, performance.now() - lastBatch);
            lastBatch = performance.now();
          },
        },
      );
      const retentionMs = performance.now() - t0;
      done = true;
      const duringTimes = await during;
      const removed = outcome.sources.reduce((n, s) => n + s.executionsRemoved, 0);
      console.log(
        `\nretention: removed ${removed.toLocaleString("en")} executions (with their events, state runs, attempts) in ${(retentionMs / 1000).toFixed(2)} s ` +
          `(${Math.round(removed / (retentionMs / 1000)).toLocaleString("en")}/s), batches of ${args.batch}, slowest batch ${slowestBatch.toFixed(0)} ms`,
      );
      console.log(
        `events partitions dropped whole: ${outcome.partitionsDropped.join(", ") || "none (a month still held a running execution, or no month ended before the cutoff)"}`,
      );
      console.log(
        `steps: ${steps.join(", ")}; locks held per month dropped: ${outcome.dropLocks.map((t) => `${t.lockedMs.toFixed(0)} ms (DETACH ${t.detachMs.toFixed(0)} ms), then DROP of the detached tables ${t.dropMs.toFixed(0)} ms`).join(", ") || "none"}`,
      );
      console.log(`reads before: ${summary(before)}`);
      console.log(`reads during: ${summary(duringTimes)}`);
      console.log(`goal < 1 s for the month: ${retentionMs < 1000 ? "met" : "NOT met"}`);
    } finally {
      await reader.prisma.$disconnect();
      await reader.pool.end();
    }
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
