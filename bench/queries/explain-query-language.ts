/**
 * The plans behind bench/queries/query-language.ts: each case's list call (`listExecutions`,
 * today's compiler, or the baseline's with `--baseline`) on the same corpus, every statement it
 * sends printed with `EXPLAIN (ANALYZE, BUFFERS)` (auto_explain, to this client) and its time.
 * With `--timing`, no plans: each statement's wall time instead (every query the list sends,
 * timed at the pg client, the last of `--runs` calls), to see where a case's time goes.
 * Load the corpus first with `npm run bench:query-language`.
 *
 *   npx tsx bench/queries/explain-query-language.ts [--baseline] [--case <part of a case's name>] [--timing [--runs 3]]
 */
import { parseArgs } from "node:util";
import { connectDatabase } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { listExecutions } from "../../lib/queries/list-executions";
import { listExecutions as listExecutionsBefore } from "./baseline/query-language/list-executions";
import { queryLanguageCases } from "./query-language-cases";

const { values: args } = parseArgs({
  options: {
    baseline: { type: "boolean", default: false },
    case: { type: "string" },
    timing: { type: "boolean", default: false },
    runs: { type: "string", default: "3" },
  },
});

async function main(): Promise<void> {
  const external = process.env["BENCH_DATABASE_URL"];
  const server = external
    ? { url: external, stop: async () => {} }
    : await ensureDatabase({ dataDir: "/tmp/stepscope-bench-query-language", database: "postgres" });
  const url = new URL(server.url);
  url.pathname = "/bench_query_language";
  const db = connectDatabase(url.toString(), { max: 4 });
  const timings: string[] = [];
  db.pool.on("connect", (client) => {
    if (args.timing) {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
        const t = performance.now();
        const text = typeof a[0] === "string" ? a[0] : String((a[0] as { text?: string }).text ?? "");
        const done = () =>
          timings.push(
            `${(performance.now() - t).toFixed(1).padStart(8)} ms  ${text.replace(/\s+/g, " ").slice(0, 150)}`,
          );
        const cb = a.at(-1);
        // The pool's own query() passes a callback.
        if (typeof cb === "function")
          a[a.length - 1] = (...r: unknown[]) => {
            done();
            return (cb as (...r: unknown[]) => unknown)(...r);
          };
        const out = query(...a);
        if (out instanceof Promise)
          void out.then(
            () =>
              timings.push(
                `${(performance.now() - t).toFixed(1).padStart(8)} ms  ${text.replace(/\s+/g, " ").slice(0, 150)}`,
              ),
            () => {},
          );
        return out;
      };
      return;
    }
    client.on("notice", (n) => console.log(n.message));
    void client.query(
      "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; " +
        "SET auto_explain.log_buffers = on; SET auto_explain.log_level = notice; SET auto_explain.log_nested_statements = on",
    );
  });
  try {
    const [seed] = (
      await db.pool
        .query<{ at: Date }>(
          "SELECT coalesce((SELECT seeded_at FROM bench_corpus), (SELECT max(start_date) + interval '1 second' FROM executions)) AS at",
        )
        // A corpus still loading has no bench_corpus yet.
        .catch(() => db.pool.query<{ at: Date }>("SELECT max(start_date) + interval '1 second' AS at FROM executions"))
    ).rows;
    const list = args.baseline ? listExecutionsBefore : listExecutions;
    for (const c of queryLanguageCases.filter((k) => !args.case || k.name.includes(args.case))) {
      console.log(`\n===== ${c.name}: ${c.q}`);
      const runs = args.timing ? Number(args.runs) : 1;
      let page!: Awaited<ReturnType<typeof list>>;
      let t = 0;
      for (let i = 0; i < runs; i++) {
        timings.length = 0;
        t = performance.now();
        page = await list(db.prisma, parseExecutionListParams({ q: c.q }), seed!.at);
        JSON.stringify(page);
      }
      if (args.timing) console.log(timings.join("\n"));
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
