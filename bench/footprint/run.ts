/**
 * Storage footprint: imports histories through the app's own path (parse, derive, store),
 * then prints, per table, the bytes on disk (heap + TOAST + indexes) and bytes per stored
 * event against the raw JSON bytes AWS sent (`get-execution-history`'s compact response);
 * then runs every page's read model (`page-reads.ts`) on fresh statistics and lists the
 * indexes none of them used (`pg_stat_user_indexes.idx_scan = 0`), saying which of those
 * back a constraint (kept whatever reads do: uniqueness, ON CONFLICT of the writers).
 *
 *   npm run bench:footprint [-- --executions 400 --seqscan on]
 *
 * The corpus is small, and on small tables the planner prefers sequential scans: by default
 * the reads run with `enable_seqscan = off` (the plans a large table gets), so an index
 * still unused then is one no page query can use. Uses `BENCH_DATABASE_URL` (a local
 * server; database `bench_footprint` is dropped and created) or an embedded Postgres in
 * /tmp/stepscope-bench-footprint. Checks that `export` gives back the bytes that went in.
 */
import { chmod, mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { connectDatabase } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { getHistoryEvents } from "../../lib/queries/get-history-events";
import { prepareHistoryText, storePrepared } from "../../lib/ingest/import-history-text";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { freshDatabase } from "../fresh-database";
import { runPageReads } from "./page-reads";
import { indexUsage, perExecutionTables, redundantIndexes, tableSizes } from "./sizes";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "400" },
    seqscan: { type: "string", default: "off" },
  },
});
const EXECUTIONS = Number(args.executions);
const DATA_DIR = "/tmp/stepscope-bench-footprint";

/** Histories of the sizes teams have: mostly short, some long, every tenth failed, payloads 64 B to 4 KB. */
function history(i: number): string {
  const built = buildExecutionHistory({
    name: `fp-${i}`,
    stateMachineName: `Footprint${i % 5}`,
    tasks: i % 20 === 0 ? 400 : 3 + (i % 17),
    retryEvery: i % 3 === 0 ? 4 : 0,
    status: i % 10 === 0 ? "FAILED" : "SUCCEEDED",
    payloadBytes: [64, 256, 1024, 4096][i % 4]!,
    startDate: new Date(Date.now() - (i % 60) * 86_400_000 - i * 1000).toISOString(),
    definition: `{"Comment":"footprint ${i % 5}","StartAt":"Step1","States":{}}`,
  });
  return JSON.stringify({ events: built.parsed.events });
}

/** JSON with every object's members sorted: equal values print equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

async function adminUrl(): Promise<string> {
  const fromEnv = process.env["BENCH_DATABASE_URL"];
  if (fromEnv) return fromEnv;
  await mkdir(DATA_DIR, { recursive: true });
  await chmod(DATA_DIR, 0o777);
  const server = await ensureDatabase({ dataDir: DATA_DIR, database: "postgres" });
  return server.url;
}

async function main(): Promise<void> {
  const url = await freshDatabase(await adminUrl(), "bench_footprint");
  const db = connectDatabase(url, { max: 4 });
  let rawBytes = 0;
  let events = 0;
  const arns: string[] = [];
  const texts = new Map<string, string>();
  for (let i = 0; i < EXECUTIONS; i += 1) {
    const text = history(i);
    rawBytes += Buffer.byteLength(text);
    const prepared = prepareHistoryText(text, { fileName: `fp-${i}.json` });
    const result = await storePrepared(db, prepared, { kind: "UPLOAD", name: "footprint" });
    for (const e of result.executions) {
      arns.push(e.executionArn);
      texts.set(e.executionArn, text);
      events += e.eventsWritten;
    }
  }
  // Export gives back the events that went in (as JSON values: `details` is jsonb, which keeps its own member order).
  let identical = 0;
  for (const arn of arns) {
    const back = await getHistoryEvents(db.prisma, arn);
    if (canonical({ events: back }) === canonical(JSON.parse(texts.get(arn)!))) identical += 1;
  }
  await db.pool.query("VACUUM ANALYZE");
  const sizes = await tableSizes(db.pool);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `footprint: ${EXECUTIONS} executions, ${events} events, raw JSON ${kb(rawBytes)} (${(rawBytes / events).toFixed(0)} B/event)`,
  );
  console.log(`export gives back the same events: ${identical}/${arns.length} executions`);
  console.log("table                              heap      toast    indexes      total   B/event  ×raw");
  for (const t of sizes) {
    console.log(
      `${t.table.padEnd(30)} ${kb(t.heap).padStart(10)} ${kb(t.toast).padStart(10)} ${kb(t.indexes).padStart(10)} ${kb(t.total).padStart(10)} ${(t.total / events).toFixed(0).padStart(9)} ${(t.total / rawBytes).toFixed(2).padStart(5)}`,
    );
  }
  const all = sizes.reduce((s, t) => s + t.total, 0);
  const stored = sizes.filter((t) => t.perExecution).reduce((s, t) => s + t.total, 0);
  console.log(`all tables: ${kb(all)}, ${(all / events).toFixed(0)} B/event, ${(all / rawBytes).toFixed(2)}× raw JSON`);
  console.log(
    `execution data (events, runs, attempts, executions and their rollups): ${(stored / events).toFixed(0)} B/event, ${(stored / rawBytes).toFixed(2)}× raw JSON`,
  );
  await db.prisma.$disconnect();
  await db.pool.end();

  // Page reads on fresh statistics, on connections of their own (a backend's counts are flushed when it exits).
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query("SELECT pg_stat_reset()");
  const reader = connectDatabase(
    `${url}${url.includes("?") ? "&" : "?"}options=-c%20enable_seqscan%3D${args.seqscan}`,
    { max: 2 },
  );
  const calls = await runPageReads(reader, arns, new Date());
  await reader.prisma.$disconnect();
  await reader.pool.end();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const unused = await indexUsage(admin, perExecutionTables);
  const redundant = await redundantIndexes(admin);
  await admin.end();
  console.log(
    `\npage reads: ${calls} calls (enable_seqscan=${args.seqscan}); indexes of execution data no page read used:`,
  );
  for (const u of unused)
    console.log(`  ${u.index.padEnd(62)} ${kb(u.bytes).padStart(9)}${u.constraint ? "  (backs a constraint)" : ""}`);
  console.log("indexes whose keys lead another index of the same table (that one serves their reads):");
  for (const r of redundant) console.log(`  ${r.index} ${kb(r.bytes)}: ${r.coveredBy}`);
  if (redundant.length === 0) console.log("  none");
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
