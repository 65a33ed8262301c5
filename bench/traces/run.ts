/**
 * Trace export benchmark: the `bench/queries` corpus (100,000 executions by default, their
 * histories in `history_events`) exported as OpenTelemetry traces through the real path
 * (`exportPendingTraces`: batches of 50 from the cursor, spans built from each history, the
 * official OTLP/HTTP protobuf exporter) to a receiver in another process that reads and
 * acknowledges each request; beside it, the time to read the same rows (the same batched
 * queries, nothing built or sent). Prints spans/s, executions/s, the ratio of the two times
 * and the exporting process's peak heap and RSS (sampled every 50 ms: memory stays bounded by
 * one batch, not by the corpus).
 *
 *   npm run bench:traces [-- --executions 100000 --giants 4]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; its `bench_queries` database is dropped and
 * loaded) or an embedded Postgres of its own in /tmp/stepscope-bench-traces.
 */
import { fork } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { connectDatabase } from "../../lib/db/database";
import { startBenchServer } from "../queries/bench-server";
import { listTracedExecutions } from "../../lib/queries/list-traced-executions";
import { exportPendingTraces } from "../../lib/traces/export-traces";
import { createOtlpSender } from "../../lib/traces/otlp-span-exporter";
import { prepareCorpus } from "../queries/prepare-corpus";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "100000" },
    giants: { type: "string", default: "4" },
    "batch-size": { type: "string", default: "50" },
  },
});
const DATA_DIR = "/tmp/stepscope-bench-traces";
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The receiver: another process, so reading requests does not share the exporter's event loop. */
async function startReceiver(): Promise<{
  url: string;
  stats(): Promise<{ requests: number; bytes: number }>;
  stop(): void;
}> {
  const child = fork(path.join(__dirname, "receiver.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (m) => resolve((m as { port: number }).port)),
  );
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    stats: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve(m as { requests: number; bytes: number }));
        child.send("stats");
      }),
    stop: () => child.kill(),
  };
}

async function main(): Promise<void> {
  const server = await startBenchServer(DATA_DIR);
  const { url } = await prepareCorpus(server.url, {
    executions: Number(args.executions),
    giants: Number(args.giants),
    reuse: false,
    now: Date.now(),
    log: console.log,
  });
  const db = connectDatabase(url, { max: 4 });
  const receiver = await startReceiver();
  const batchSize = Number(args["batch-size"]);
  try {
    await db.pool.query("VACUUM ANALYZE");
    // Reading alone: the export's own batched queries, in the export's order, nothing built.
    const readStart = performance.now();
    let afterSeq = 0n;
    let read = 0;
    let events = 0;
    for (;;) {
      const { executions } = await listTracedExecutions(db, { afterSeq, limit: batchSize, includeLocal: true });
      const last = executions.at(-1);
      if (last === undefined) break;
      afterSeq = last.seq;
      read += executions.length;
      for (const e of executions) events += e.events.length;
    }
    const readMs = performance.now() - readStart;

    const peak = { heap: 0, rss: 0 };
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peak.heap = Math.max(peak.heap, m.heapUsed);
      peak.rss = Math.max(peak.rss, m.rss);
    }, 50);
    const sender = createOtlpSender({ endpoint: receiver.url });
    const exportStart = performance.now();
    const outcome = await exportPendingTraces(db, "bench", { sender, batchSize, includeLocal: true });
    const exportMs = performance.now() - exportStart;
    clearInterval(sample);
    await sender.close();
    const received = await receiver.stats();

    const perS = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString("en");
    console.log(
      `\n${read.toLocaleString("en")} ended executions, ${events.toLocaleString("en")} events; batches of ${batchSize}; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
    );
    console.log(`read only        ${(readMs / 1000).toFixed(1).padStart(7)} s   ${perS(read, readMs)} executions/s`);
    console.log(
      `export (OTLP)    ${(exportMs / 1000).toFixed(1).padStart(7)} s   ${perS(outcome.executions, exportMs)} executions/s   ` +
        `${perS(outcome.spans, exportMs)} spans/s   ${outcome.spans.toLocaleString("en")} spans in ${received.requests.toLocaleString("en")} requests (${mb(received.bytes)})`,
    );
    console.log(`export / read    ${(exportMs / readMs).toFixed(1).padStart(7)} ×`);
    console.log(`exporter memory  peak heap ${mb(peak.heap)}, peak RSS ${mb(peak.rss)}`);
    if (outcome.executions !== read) throw new Error(`exported ${outcome.executions} executions, read ${read}`);
  } finally {
    receiver.stop();
    await db.prisma.$disconnect();
    await db.pool.end();
    await server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
