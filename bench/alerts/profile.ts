/**
 * Where an alert evaluation's time goes, on a corpus the alerts benchmark loaded
 * (`bench/alerts/run.ts --reuse` first): EXPLAIN (ANALYZE, BUFFERS) of each condition kind's
 * read, then one evaluation with every statement timed (grouped by its first words).
 *
 *   BENCH_DATABASE_URL=… npx tsx bench/alerts/profile.ts --database bench_alerts_main [--minutes 30]
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { connectDatabase } from "../../lib/db/database";
import { loadPriceTable } from "../../lib/cost/load-price-table";
import { evaluateAlertRules } from "../../lib/alerts/evaluate-alert-rules";
import * as signalReads from "../../lib/alerts/read-alert-signals";
import { listAlertRules } from "../../lib/queries/list-alert-rules";
import type { Reader } from "../../lib/queries/alert-signals/alert-signal";

const { values: args } = parseArgs({
  options: {
    database: { type: "string", default: "bench_alerts_main" },
    /** The evaluation's clock: this many minutes after the corpus's load. */
    minutes: { type: "string", default: "30" },
    /** Print the whole plans (default: their top lines and the slowest nodes). */
    full: { type: "boolean", default: false },
    /** Which reads to explain: the rollups' (what the evaluator does) or the raw executions'. */
    reads: { type: "string", default: "rollup" },
  },
});

async function main(): Promise<void> {
  const base = process.env["BENCH_DATABASE_URL"];
  if (!base) throw new Error("BENCH_DATABASE_URL is not set");
  const url = new URL(base);
  url.pathname = `/${args.database}`;
  const db = connectDatabase(url.toString(), { max: 2 });
  try {
    const { rows } = await db.pool.query<{ at: Date }>("SELECT seeded_at AS at FROM bench_corpus");
    const now = new Date(rows[0]!.at.getTime() + Number(args.minutes) * 60_000);
    const rules = await listAlertRules(db.pool);
    const prices = await loadPriceTable(db, now);
    console.log(`${rules.length} rules at ${now.toISOString()}`);
    // Each read of the batch, explained: the reader runs EXPLAIN ANALYZE instead and answers no rows.
    for (const kind of [...new Set(rules.map((r) => r.condition.kind))]) {
      const explaining: Reader = {
        query: (async (text: string, values: unknown[]) => {
          const t = performance.now();
          const plan = await db.pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
          const lines = plan.rows.map((r) => r["QUERY PLAN"]);
          console.log(`\n=== ${kind}: ${(performance.now() - t).toFixed(0)} ms`);
          console.log(
            (args.full
              ? lines
              : lines.filter(
                  (l, i) =>
                    i < 3 ||
                    /actual time=\d+\.\d+\.\.(\d{2,}|[1-9])\d*\./.test(l) ||
                    /Execution Time|Planning Time/.test(l),
                )
            ).join("\n"),
          );
          return { rows: [], rowCount: 0 };
        }) as unknown as Reader["query"],
      };
      const read =
        args.reads === "raw" || !("readAlertSignalsFromRollups" in signalReads)
          ? signalReads.readAlertSignalsBatch
          : (signalReads as unknown as { readAlertSignalsFromRollups: typeof signalReads.readAlertSignalsBatch })
              .readAlertSignalsFromRollups;
      await read(
        explaining,
        rules.filter((r) => r.condition.kind === kind),
        now,
        prices,
      ).catch(() => {});
    }
    // One evaluation, every statement timed.
    const spent = new Map<string, { n: number; ms: number }>();
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
      const text = typeof a[0] === "string" ? a[0] : ((a[0] as { text?: string })?.text ?? "?");
      const key = text.replace(/\s+/g, " ").trim().slice(0, 70);
      const t = performance.now();
      const out = (query as (...x: unknown[]) => unknown).apply(this, a);
      if (out && typeof (out as Promise<unknown>).then === "function")
        void (out as Promise<unknown>).then(
          () => {
            const s = spent.get(key) ?? { n: 0, ms: 0 };
            spent.set(key, { n: s.n + 1, ms: s.ms + performance.now() - t });
          },
          () => {},
        );
      return out;
    } as typeof query;
    const t = performance.now();
    const run = await evaluateAlertRules(db, { now, publicUrl: "http://localhost:3000" });
    const total = performance.now() - t;
    pg.Client.prototype.query = query;
    console.log(`\nevaluation ${total.toFixed(0)} ms, ${run.notifications.length} notifications`);
    for (const [key, s] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
      console.log(`${s.ms.toFixed(0).padStart(7)} ms ${String(s.n).padStart(5)}×  ${key}`);
  } finally {
    await db.prisma.$disconnect();
    await db.pool.end();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
