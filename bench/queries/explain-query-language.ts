/**
 * The plans behind bench/queries/query-language.ts: each case's list call (`listExecutions`,
 * today's compiler, or the baseline's with `--baseline`) on the same corpus, every statement it
 * sends printed with `EXPLAIN (ANALYZE, BUFFERS)` (auto_explain, to this client) and its time.
 * Load the corpus first with `npm run bench:query-language`.
 *
 *   npx tsx bench/queries/explain-query-language.ts [--baseline] [--case <part of a case's name>]
 */
import { parseArgs } from "node:util";
import { connectDatabase } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { listExecutions } from "../../lib/queries/list-executions";
import { listExecutions as listExecutionsBefore } from "./baseline/query-language/list-executions";
import { queryLanguageCases } from "./query-language-cases";

const { values: args } = parseArgs({
  options: { baseline: { type: "boolean", default: false }, case: { type: "string" } },
});

async function main(): Promise<void> {
  const external = process.env["BENCH_DATABASE_URL"];
  const server = external
    ? { url: external, stop: async () => {} }
    : await ensureDatabase({ dataDir: "/tmp/stepscope-bench-query-language", database: "postgres" });
  const url = new URL(server.url);
  url.pathname = "/bench_query_language";
  const db = connectDatabase(url.toString(), { max: 4 });
  db.pool.on("connect", (client) => {
    client.on("notice", (n) => console.log(n.message));
    void client.query(
      "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; " +
        "SET auto_explain.log_buffers = on; SET auto_explain.log_level = notice; SET auto_explain.log_nested_statements = on",
    );
  });
  try {
    const [seed] = (
      await db.pool.query<{ at: Date }>(
        "SELECT coalesce((SELECT seeded_at FROM bench_corpus), (SELECT max(start_date) + interval '1 second' FROM executions)) AS at",
      )
    ).rows;
    const list = args.baseline ? listExecutionsBefore : listExecutions;
    for (const c of queryLanguageCases.filter((k) => !args.case || k.name.includes(args.case))) {
      console.log(`\n===== ${c.name}: ${c.q}`);
      const t = performance.now();
      const page = await list(db.prisma, parseExecutionListParams({ q: c.q }), seed!.at);
      console.log(
        `----- ${(performance.now() - t).toFixed(1)} ms, total ${page.total}${page.totalIsEstimate ? "~" : ""}`,
      );
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
