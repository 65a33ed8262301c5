/**
 * Query-language benchmark: the `bench:queries` corpus (its loader, with order-shaped inputs and
 * state runs, without history events: the language never reads them) in a database of its own,
 * then the executions list (`listExecutions`: the page and its count, JSON-encoded, what GET
 * /api/executions answers) under query-language expressions, timed with today's compiler and
 * with the baseline one (bench/queries/baseline/query-language: main at 887374b, before session 9) alternately,
 * beside the same filter through the list's older parameters where one exists; then a whole
 * CSV export of the corpus (rows/s and the heap's growth). Goal: p95 < 150 ms per expression.
 *
 *   npm run bench:query-language [-- --executions 200000 --iterations 20 --reuse] [--load-only | --skip-export]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_query_language` is dropped and
 * created) or an embedded Postgres in /tmp/stepscope-bench-query-language.
 */
import { chmod, mkdir } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { connectDatabase, type Database } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { listExecutions } from "../../lib/queries/list-executions";
import { listExecutions as listExecutionsBefore } from "./baseline/query-language/list-executions";
import { timeExport } from "./time-export";
import { prepareCorpus } from "./prepare-corpus";
import { queryLanguageCases as cases } from "./query-language-cases";

const DATABASE = "bench_query_language";
const DATA_DIR = "/tmp/stepscope-bench-query-language";
const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "200000" },
    iterations: { type: "string", default: "20" },
    reuse: { type: "boolean", default: false },
    "load-only": { type: "boolean", default: false },
    "skip-export": { type: "boolean", default: false },
  },
});

const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

type List = typeof listExecutions;

/** `n` timed calls of each list, alternating (so both see the same load), after one warm-up each. */
async function time(
  db: Database,
  lists: readonly List[],
  params: Record<string, string>,
  now: Date,
  n: number,
): Promise<{ ms: number[]; total: string }[]> {
  const parsed = parseExecutionListParams(params);
  const pages = await Promise.all(lists.map((list) => list(db.prisma, parsed, now)));
  const ms = lists.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (const [k, list] of lists.entries()) {
      const t = performance.now();
      JSON.stringify(await list(db.prisma, parsed, now));
      ms[k]!.push(performance.now() - t);
    }
  }
  return pages.map((page, k) => ({
    ms: ms[k]!.sort((a, b) => a - b),
    total: `${page.total}${page.totalIsLowerBound ? "+" : ""}${page.totalIsEstimate ? "~" : ""}`,
  }));
}

const fmt = (ms: readonly number[]) => `${pct(ms, 0.5).toFixed(1)} | ${pct(ms, 0.95).toFixed(1)}`;

async function main(): Promise<void> {
  const external = process.env["BENCH_DATABASE_URL"];
  let server: { url: string; stop(): Promise<void> };
  if (external) server = { url: external, stop: async () => {} };
  else {
    await mkdir(DATA_DIR, { recursive: true });
    await chmod(DATA_DIR, 0o755);
    server = await ensureDatabase({ dataDir: DATA_DIR, database: "postgres" });
  }
  const corpus = await prepareCorpus(server.url, {
    database: DATABASE,
    executions: Number(args.executions),
    giants: 0,
    events: false,
    stateRuns: true,
    reuse: args.reuse,
    now: Date.now(),
    log: console.log,
  });
  if (corpus.loaded) console.log(`loaded in ${(corpus.loadMs / 1000).toFixed(1)} s`);
  if (args["load-only"]) return await server.stop();
  const db = connectDatabase(corpus.url, { max: 4 });
  try {
    if (!corpus.loaded) await db.pool.query("ANALYZE execution_payload_numbers, state_runs");
    const [stats] = (
      await db.pool.query<{ e: string; r: string; n: string }>(
        "SELECT (SELECT count(*) FROM executions)::text AS e, (SELECT count(*) FROM state_runs)::text AS r, (SELECT count(*) FROM execution_payload_numbers)::text AS n",
      )
    ).rows;
    // `now-7d` selects the same rows as when the corpus was loaded.
    const at = new Date(corpus.seededAt);
    const n = Number(args.iterations);
    console.log(
      `${Number(stats!.e).toLocaleString("en")} executions, ${Number(stats!.r).toLocaleString("en")} state runs, ${Number(stats!.n).toLocaleString("en")} payload numbers; ${n} timed list calls a row and side; load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`,
    );
    console.log(
      "| case | expression (q) | matches | before p50 ms | before p95 ms | after p50 ms | after p95 ms | older list params | their p50 | their p95 |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let worst = 0;
    for (const c of cases) {
      const [before, after] = await time(db, [listExecutionsBefore, listExecutions], { q: c.q }, at, n);
      worst = Math.max(worst, pct(after!.ms, 0.95));
      const older = c.older ? (await time(db, [listExecutions], c.older, at, n))[0]! : null;
      const matches = before!.total === after!.total ? after!.total : `${after!.total} (before ${before!.total})`;
      console.log(
        `| ${c.name} | \`${c.q}\` | ${matches} | ${fmt(before!.ms)} | ${fmt(after!.ms)} | ${
          c.older ? `\`${new URLSearchParams(c.older).toString()}\`` : "none"
        } | ${older ? fmt(older.ms) : "– | –"} |`,
      );
    }
    console.log(`\ngoal p95 < 150 ms: ${worst < 150 ? "met" : "NOT met"} (worst ${worst.toFixed(1)} ms)\n`);
    if (!args["skip-export"]) await timeExport(db, at, console.log);
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
