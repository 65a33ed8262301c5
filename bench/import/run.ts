/**
 * Import benchmark: ≥1,000,000 events (200 executions × ~5,000 events in AWS shapes)
 * stored through `storeExecution` (derivation included), then the same rows loaded with
 * a bare `COPY` into a fresh database; prints events/s and the ratio (goal ≥ 0.5).
 *
 *   npm run bench:import [-- --executions 200 --tasks 920]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; databases `bench_*` are dropped and created)
 * or an embedded Postgres in a temp folder, with its default (durable) settings.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { ensureDatabase } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { toHistoryEventColumns } from "../../lib/db/history-event-rows";
import { connectDatabase } from "../../lib/db/database";
import type { EventWriteMethod } from "../../lib/db/write-history-events";
import type { DerivedHistory, HistoryEvent } from "../../lib/history/types";
import { storeExecution } from "../../lib/ingest/store-execution";
import { buildExecutionHistory, type BuiltExecution } from "../../test/builders/execution-history";

type Derive = (events: readonly HistoryEvent[]) => DerivedHistory;

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "200" },
    tasks: { type: "string", default: "935" },
    methods: { type: "string", default: "unnest,copy" },
  },
});
const EXECUTIONS = Number(args.executions);
const TASKS = Number(args.tasks);
const migrationsDir = resolve(__dirname, "../../prisma/migrations");

function build(i: number): BuiltExecution {
  return buildExecutionHistory({
    name: `bench-${i}`,
    stateMachineName: `Bench${i % 10}`,
    tasks: TASKS,
    retryEvery: 7,
    status: i % 9 === 0 ? "FAILED" : "SUCCEEDED",
    payloadBytes: 160,
    startDate: new Date(Date.UTC(2024, 2, 1 + (i % 28), 8, 0, 0)).toISOString(),
    definition: `{"Comment":"bench ${i % 10}","StartAt":"Step1","States":{}}`,
  });
}

/** The colleague's `deriveHistory` when it exists, else the builder's own derivation. */
async function loadDerive(): Promise<{ derive: Derive | null; name: string }> {
  const modulePath = resolve(__dirname, "../../lib/history/derive-history");
  try {
    const mod = (await import(modulePath)) as { deriveHistory?: Derive };
    if (typeof mod.deriveHistory === "function") return { derive: mod.deriveHistory, name: "lib/history deriveHistory" };
  } catch {
    // not written yet
  }
  return { derive: null, name: "builder's derivation (lib/history/derive-history not available)" };
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await applyMigrations(client, migrationsDir);
  await client.end();
  return url.toString();
}

async function benchStore(url: string, method: EventWriteMethod, derive: Derive | null) {
  const db = connectDatabase(url, { max: 2 });
  let events = 0;
  let elapsedMs = 0;
  let deriveMs = 0;
  for (let i = 0; i < EXECUTIONS; i += 1) {
    const built = build(i);
    const t0 = performance.now();
    const derived = derive ? derive(built.parsed.events) : built.derived;
    const t1 = performance.now();
    const result = await storeExecution(db, built.parsed, derived, { kind: "UPLOAD", name: "bench" }, { eventWriteMethod: method });
    elapsedMs += performance.now() - t0;
    deriveMs += t1 - t0;
    events += result.eventsWritten;
  }
  await db.prisma.$disconnect();
  await db.pool.end();
  return { events, elapsedMs, deriveMs };
}

function copyLine(executionId: number, columns: ReturnType<typeof toHistoryEventColumns>, i: number): string {
  const esc = (v: string | null) =>
    v === null ? "\\N" : v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
  return `${executionId}\t${columns.eventIds[i]}\t${columns.previousEventIds[i]}\t${columns.timestamps[i]}\t${esc(columns.types[i]!)}\t${esc(columns.stateNames[i] ?? null)}\t${esc(columns.details[i]!)}\n`;
}

/** Bare COPY of the same event rows into `history_events` (execution rows created first, untimed). */
async function benchCopy(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`INSERT INTO sources (kind, name) VALUES ('UPLOAD', 'bench')`);
  await client.query(
    `INSERT INTO state_machines (arn, name, type, source_id) VALUES ('arn:aws:states:us-east-1:1:stateMachine:B', 'B', 'STANDARD', 1)`,
  );
  await client.query(
    `INSERT INTO executions (id, execution_arn, name, state_machine_id, source_id, type, status, start_date)
     SELECT g, 'arn:' || g, 'e' || g, 1, 1, 'STANDARD', 'SUCCEEDED', now() FROM generate_series(1, $1) g`,
    [EXECUTIONS],
  );
  let events = 0;
  let elapsedMs = 0;
  const stream = client.query(
    copyFrom(`COPY history_events (execution_id, event_id, previous_event_id, "timestamp", type, state_name, details) FROM STDIN`),
  );
  const done = new Promise<void>((resolvePromise, reject) => {
    stream.on("finish", resolvePromise);
    stream.on("error", reject);
  });
  for (let i = 0; i < EXECUTIONS; i += 1) {
    const built = build(i);
    const t0 = performance.now();
    const columns = toHistoryEventColumns(built.parsed.events);
    let chunk = "";
    for (let e = 0; e < columns.eventIds.length; e += 1) chunk += copyLine(i + 1, columns, e);
    if (!stream.write(chunk)) await new Promise((r) => stream.once("drain", r));
    elapsedMs += performance.now() - t0;
    events += columns.eventIds.length;
  }
  const t0 = performance.now();
  stream.end();
  await done;
  elapsedMs += performance.now() - t0;
  await client.end();
  return { events, elapsedMs };
}

const rate = (events: number, ms: number) => Math.round(events / (ms / 1000));

async function main(): Promise<void> {
  const external = process.env["BENCH_DATABASE_URL"];
  let dataDir: string | null = null;
  let server: { url: string; stop(): Promise<void> };
  if (external) {
    server = { url: external, stop: async () => {} };
  } else {
    dataDir = await mkdtemp(join(tmpdir(), "stepscope-bench-"));
    await chmod(dataDir, 0o755);
    server = await ensureDatabase({ dataDir, database: "postgres", postgresFlags: ["-c", "max_wal_size=4GB"] });
  }
  try {
    const { derive, name } = await loadDerive();
    const sample = build(0);
    console.log(`${EXECUTIONS} executions × ${sample.parsed.events.length} events (≈${(EXECUTIONS * sample.parsed.events.length).toLocaleString("en")} events); derive: ${name}`);

    const copy = await benchCopy(await freshDatabase(server.url, "bench_copy"));
    console.log(`COPY (bare, into history_events):      ${copy.events.toLocaleString("en")} events in ${(copy.elapsedMs / 1000).toFixed(1)} s = ${rate(copy.events, copy.elapsedMs).toLocaleString("en")} events/s`);

    for (const method of args.methods.split(",") as EventWriteMethod[]) {
      const store = await benchStore(await freshDatabase(server.url, `bench_store_${method}`), method, derive);
      const ratio = rate(store.events, store.elapsedMs) / rate(copy.events, copy.elapsedMs);
      console.log(
        `storeExecution (events via ${method.padEnd(6)}):  ${store.events.toLocaleString("en")} events in ${(store.elapsedMs / 1000).toFixed(1)} s = ${rate(store.events, store.elapsedMs).toLocaleString("en")} events/s ` +
          `(derive ${(store.deriveMs / 1000).toFixed(1)} s) — ratio to COPY ${ratio.toFixed(2)} (goal ≥ 0.5)`,
      );
    }
  } finally {
    await server.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
