/**
 * The plans behind `bench:queries`'s executions-list rows: each filter set's `listExecutions`
 * call (today's, or the baseline's with `--baseline`) on a loaded corpus, every statement it
 * sends printed with `EXPLAIN (ANALYZE, BUFFERS)` (auto_explain, to this client), then the
 * call's wall time. Filter sets: the benchmark's, or those given as arguments (the API's query
 * strings, e.g. `q=Declined&range=30d`).
 *
 *   BENCH_DATABASE_URL=<server> npx tsx bench/queries/explain-list.ts [--database bench_queries] [--baseline] [<query string> …]
 */
import { parseArgs } from "node:util";
import { connectDatabase } from "../../lib/db/database";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { listExecutions } from "../../lib/queries/list-executions";
import { listExecutions as listExecutionsBefore } from "./baseline/list-executions";
import { listFilterSets, TOP_SIGNATURE_SQL } from "./list-cases";
import { CORPUS_DATABASE } from "./prepare-corpus";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    database: { type: "string", default: CORPUS_DATABASE },
    baseline: { type: "boolean", default: false },
  },
});

async function main(): Promise<void> {
  const server = process.env["BENCH_DATABASE_URL"];
  if (!server) throw new Error("BENCH_DATABASE_URL: the server holding the loaded corpus (see bench/queries/run.ts)");
  const url = new URL(server);
  url.pathname = `/${args.database}`;
  const db = connectDatabase(url.toString(), { max: 4 });
  let explaining = false;
  db.pool.on("connect", (client) => {
    client.on("notice", (n) => {
      if (explaining) console.log(n.message);
    });
    void client.query(
      "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; " +
        "SET auto_explain.log_buffers = on; SET auto_explain.log_level = notice; SET auto_explain.log_nested_statements = on",
    );
  });
  try {
    const seed = await db.pool.query<{ at: Date }>(
      "SELECT coalesce((SELECT seeded_at FROM bench_corpus), (SELECT max(start_date) + interval '1 second' FROM executions)) AS at",
    );
    const top = (await db.pool.query<{ signature: string }>(TOP_SIGNATURE_SQL)).rows[0];
    const sets = positionals.length
      ? positionals.map((q) => Object.fromEntries(new URLSearchParams(q)))
      : listFilterSets(top?.signature ?? null);
    const list = args.baseline ? listExecutionsBefore : listExecutions;
    for (const f of sets) {
      const params = parseExecutionListParams(f);
      await list(db.prisma, params, seed.rows[0]!.at); // warm-up, not printed
      console.log(`\n===== ${new URLSearchParams(f).toString() || "(none)"}`);
      explaining = true;
      const t = performance.now();
      const page = await list(db.prisma, params, seed.rows[0]!.at);
      const ms = performance.now() - t;
      explaining = false;
      console.log(
        `----- ${ms.toFixed(1)} ms (with the plans' printing), ${page.rows.length} rows, total ${page.total}`,
      );
    }
  } finally {
    await db.prisma.$disconnect();
    await db.pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
