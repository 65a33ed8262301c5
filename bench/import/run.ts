/**
 * Import benchmark: ≥1,000,000 events (200 executions × ~5,000 events in AWS shapes)
 * stored through `storeExecution` (derivation included), and the same rows loaded with a
 * bare `COPY` into `history_events` of a fresh database, in the same run; prints a
 * per-phase breakdown of the import, events/s of each and the ratio (goal ≥ 0.5).
 *
 *   npm run bench:import [-- --executions 200 --tasks 935 --methods copy,unnest]
 *
 * Both sides get the same prebuilt histories (built before any timing, so neither side's
 * server work overlaps untimed building), start after a CHECKPOINT, encode rows with the
 * same COPY encoder and load into the same migrated schema (primary key and foreign key
 * included). The baseline is the cheapest honest load: one COPY stream, one commit.
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
import { freshDatabase } from "../fresh-database";
import { connectDatabase } from "../../lib/db/database";
import {
  HISTORY_EVENT_COPY_COLUMNS,
  historyEventsCopyChunks,
  type EventWriteMethod,
} from "../../lib/store/write-history-events";
import type { DerivedHistory, HistoryEvent } from "../../lib/history/types";
import { storeExecution, type StorePhase } from "../../lib/store/store-execution";
import { buildExecutionHistory, type BuiltExecution } from "../../test/builders/execution-history";

type Derive = (events: readonly HistoryEvent[]) => DerivedHistory;

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "200" },
    tasks: { type: "string", default: "935" },
    methods: { type: "string", default: "copy" },
  },
});
const EXECUTIONS = Number(args.executions);
const TASKS = Number(args.tasks);

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
    if (typeof mod.deriveHistory === "function")
      return { derive: mod.deriveHistory, name: "lib/history deriveHistory" };
  } catch {
    // not written yet
  }
  return { derive: null, name: "builder's derivation (lib/history/derive-history not available)" };
}

interface Measured {
  readonly events: number;
  readonly elapsedMs: number;
}

type Phase = "derive" | StorePhase;
const PHASES: readonly Phase[] = ["derive", "prepare", "events", "runs", "rollup", "commit"];

async function benchStore(
  url: string,
  histories: readonly BuiltExecution[],
  method: EventWriteMethod,
  derive: Derive | null,
): Promise<Measured & { phaseMs: Record<Phase, number> }> {
  const db = connectDatabase(url, { max: 2 });
  const phaseMs = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const onPhase = (phase: StorePhase, ms: number) => {
    phaseMs[phase] += ms;
  };
  let events = 0;
  let elapsedMs = 0;
  for (const built of histories) {
    const t0 = performance.now();
    const derived = derive ? derive(built.parsed.events) : built.derived;
    phaseMs.derive += performance.now() - t0;
    const result = await storeExecution(
      db,
      built.parsed,
      derived,
      { kind: "UPLOAD", name: "bench" },
      {
        eventWriteMethod: method,
        onPhase,
      },
    );
    elapsedMs += performance.now() - t0;
    events += result.eventsWritten;
  }
  await db.prisma.$disconnect();
  await db.pool.end();
  return { events, elapsedMs, phaseMs };
}

/** The start of the bare COPY's executions (its events' partition key). */
const BENCH_START = new Date().toISOString();

/** Bare COPY of the same event rows into `history_events` (execution rows created first, untimed). */
async function benchCopy(url: string, histories: readonly BuiltExecution[]): Promise<Measured> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`INSERT INTO sources (kind, name) VALUES ('UPLOAD', 'bench')`);
  await client.query(
    `INSERT INTO state_machines (arn, name, type, source_id) VALUES ('arn:aws:states:us-east-1:1:stateMachine:B', 'B', 'STANDARD', 1)`,
  );
  await client.query(
    `INSERT INTO executions (id, execution_arn, name, state_machine_id, source_id, type, status, start_date)
     SELECT g, 'arn:' || g, 'e' || g, 1, 1, 'STANDARD', 'SUCCEEDED', $2 FROM generate_series(1, $1) g`,
    [histories.length, BENCH_START],
  );
  let events = 0;
  const t0 = performance.now();
  const stream = client.query(copyFrom(`COPY history_events (${HISTORY_EVENT_COPY_COLUMNS}) FROM STDIN`));
  const done = new Promise<void>((resolvePromise, reject) => {
    stream.on("finish", resolvePromise);
    stream.on("error", reject);
  });
  for (const [i, built] of histories.entries()) {
    for (const chunk of historyEventsCopyChunks(String(i + 1), BENCH_START, built.parsed.events)) {
      if (!stream.write(chunk)) await new Promise((r) => stream.once("drain", r));
    }
    events += built.parsed.events.length;
  }
  stream.end();
  await done;
  const elapsedMs = performance.now() - t0;
  await client.end();
  return { events, elapsedMs };
}

const rate = (m: Measured) => m.events / (m.elapsedMs / 1000);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printPhases(label: string, phaseMs: Record<Phase, number>, elapsedMs: number): void {
  console.log(`\n${label}: per-phase breakdown (${fmt(EXECUTIONS)} executions)`);
  console.log(`  ${"phase".padEnd(8)} ${"seconds".padStart(8)} ${"share".padStart(6)} ${"ms/exec".padStart(8)}`);
  for (const phase of PHASES) {
    const ms = phaseMs[phase];
    console.log(
      `  ${phase.padEnd(8)} ${fmt(ms / 1000, 2).padStart(8)} ${`${fmt((100 * ms) / elapsedMs, 1)}%`.padStart(6)} ${fmt(ms / EXECUTIONS, 2).padStart(8)}`,
    );
  }
  const rest = elapsedMs - PHASES.reduce((sum, p) => sum + phaseMs[p], 0);
  console.log(
    `  ${"other".padEnd(8)} ${fmt(rest / 1000, 2).padStart(8)} ${`${fmt((100 * rest) / elapsedMs, 1)}%`.padStart(6)} ${fmt(rest / EXECUTIONS, 2).padStart(8)}`,
  );
}

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
    const histories = Array.from({ length: EXECUTIONS }, (_, i) => build(i));
    const total = histories.reduce((sum, h) => sum + h.parsed.events.length, 0);
    console.log(
      `${fmt(EXECUTIONS)} executions × ${histories[0]!.parsed.events.length} events (${fmt(total)} events), ` +
        `${histories[0]!.derived.stateRuns.length} state runs each; derive: ${name}`,
    );

    const copy = await benchCopy(await freshDatabase(server.url, "bench_copy"), histories);
    const rows: { label: string; measured: Measured }[] = [{ label: "COPY (bare, history_events)", measured: copy }];
    for (const method of args.methods.split(",") as EventWriteMethod[]) {
      const store = await benchStore(
        await freshDatabase(server.url, `bench_store_${method}`),
        histories,
        method,
        derive,
      );
      const label = `storeExecution (events: ${method})`;
      printPhases(label, store.phaseMs, store.elapsedMs);
      rows.push({ label, measured: store });
    }

    console.log(
      `\n${"".padEnd(32)} ${"events".padStart(10)} ${"seconds".padStart(8)} ${"events/s".padStart(9)} ${"ratio".padStart(6)}`,
    );
    for (const { label, measured } of rows) {
      console.log(
        `${label.padEnd(32)} ${fmt(measured.events).padStart(10)} ${fmt(measured.elapsedMs / 1000, 1).padStart(8)} ` +
          `${fmt(rate(measured)).padStart(9)} ${fmt(rate(measured) / rate(copy), 2).padStart(6)}`,
      );
    }
    console.log("(ratio: events/s over the bare COPY's; goal ≥ 0.5)");
  } finally {
    await server.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
