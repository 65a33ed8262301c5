/**
 * Sync benchmark: `stepscope sync` of 500 Standard executions of ~2,000 events each from
 * the in-repo fake AWS with AWS's default quotas enforced (us-east-1), into Postgres.
 * Prints the wall time beside the minimum the quotas allow — per API,
 * max(0, calls − bucket) ÷ refill per second; the slowest API bounds the sync — and
 * events/s into Postgres. Goal: within 1.2× of the quota minimum.
 *
 *   npm run bench:sync [-- --executions 500 --tasks 360 --concurrency 32 --compare]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_sync` is dropped and
 * created) or an embedded Postgres in a temp folder.
 */
import { readFileSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { getApiQuota, type AwsApi } from "../../lib/aws/aws-quotas";
import { connectDatabase, type Database } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { freshDatabase } from "../fresh-database";
import { deriveHistory } from "../../lib/history/derive-history";
import { storeExecution } from "../../lib/store/store-execution";
import { createStoreBatcher, type StoreBatcher } from "../../lib/ingest/aws-standard/store-batcher";
import { syncAwsSource } from "../../lib/ingest/sync-aws-source";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { spawnFakeAws, type SpawnedFakeAws } from "../../test/fake-aws/spawn-fake-aws";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "500" },
    tasks: { type: "string", default: "360" },
    concurrency: { type: "string", default: "32" },
    /** Executions stored straight (no AWS, no fake) into a second database: the store's own ceiling. 0 skips. */
    "store-sample": { type: "string", default: "100" },
    /** Also run the sync with one store transaction per execution (the store before batching), side by side. */
    compare: { type: "boolean", default: false },
  },
});
const EXECUTIONS = Number(args.executions);
const TASKS = Number(args.tasks);
const REGION = "us-east-1";
const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** CPU ms used so far by the embedded server's processes (postmaster, its live and its exited children), or null when not embedded here. */
function postgresCpuMs(dataDir: string | null): number | null {
  if (!dataDir) return null;
  try {
    const postmaster = (JSON.parse(readFileSync(join(dataDir, "server.json"), "utf8")) as { postmasterPid: number })
      .postmasterPid;
    let ticks = 0;
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // The postmaster's cutime/cstime hold the backends that have exited (it reaps them).
        if (Number(pid) === postmaster)
          ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
        else if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process ended between the listing and the read.
      }
    }
    return ticks * 10;
  } catch {
    return null;
  }
}

interface RunFigures {
  readonly wallS: number;
  readonly minimumS: number;
  readonly stored: number;
}

/** One sync of the fake's executions into a fresh database, its figures printed. */
async function runSync(
  label: string,
  serverUrl: string,
  dataDir: string | null,
  fake: SpawnedFakeAws,
  accessKeyId: string,
  storeBatcher: ((db: Database) => StoreBatcher) | null,
): Promise<RunFigures> {
  console.log(`\n${label}`);
  const db = connectDatabase(await freshDatabase(serverUrl, `bench_sync_${accessKeyId.toLowerCase()}`), { max: 40 });
  // Stopping the embedded server ends idle connections; that is not a failure of the run.
  db.pool.on("error", () => {});
  const { rows } = await db.pool.query<{ id: number }>(
    "INSERT INTO sources (kind, name, region, endpoint, account_id) VALUES ('AWS', 'bench', $1, $2, '123456789012') RETURNING id",
    [REGION, fake.url],
  );
  const callsBefore = await fake.stats();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const pgBefore = postgresCpuMs(dataDir);
  const outcome = await syncAwsSource(db, rows[0]!.id, {
    credentials: { accessKeyId, secretAccessKey: "bench" },
    concurrency: Number(args.concurrency),
    ...(storeBatcher ? { storeBatcher: storeBatcher(db) } : {}),
  });
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = postgresCpuMs(dataDir);
  if (outcome.status !== "done") throw new Error(`sync ended ${JSON.stringify(outcome)}`);
  const stored = Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM history_events")).rows[0]!.n);
  const callsAfter = await fake.stats();

  console.log("  API                      calls  bucket  refill/s  quota minimum (s)");
  let minimumS = 0;
  for (const op of Object.keys(callsAfter.calls).sort()) {
    const n = (callsAfter.calls[op]?.ok ?? 0) - (callsBefore.calls[op]?.ok ?? 0);
    if (n === 0) continue;
    const quota = getApiQuota(op as AwsApi, REGION);
    const minS = Math.max(0, n - quota.capacity) / quota.refillPerSecond;
    minimumS = Math.max(minimumS, minS);
    console.log(
      `  ${op.padEnd(22)} ${fmt(n).padStart(7)} ${fmt(quota.capacity).padStart(7)} ${fmt(quota.refillPerSecond).padStart(9)} ${fmt(minS, 1).padStart(18)}`,
    );
  }
  console.log(`  wall time            ${fmt(wallS, 1)} s`);
  console.log(
    `  quota minimum        ${fmt(minimumS, 1)} s  (ratio ${fmt(wallS / Math.max(minimumS, 0.001), 2)}×, goal ≤ 1.2×)`,
  );
  console.log(`  events into Postgres ${fmt(stored)} (${fmt(stored / wallS)} events/s)`);
  console.log(
    `  CPU                  this process ${fmt((cpu.user + cpu.system) / 1e6, 1)} s` +
      (pgBefore !== null && pgAfter !== null ? `, Postgres ${fmt((pgAfter - pgBefore) / 1000, 1)} s` : "") +
      " (the fake AWS runs in its own process)",
  );
  console.log(
    `  throttled by the fake ${fmt(callsAfter.throttled - callsBefore.throttled)}, client retries ${fmt(outcome.progress.retries)}`,
  );
  await db.prisma.$disconnect();
  await db.pool.end();
  return { wallS, minimumS, stored };
}

async function main(): Promise<void> {
  const external = process.env["BENCH_DATABASE_URL"];
  let dataDir: string | null = null;
  let server: { url: string; stop(): Promise<void> };
  if (external) server = { url: external, stop: async () => {} };
  else {
    dataDir = await mkdtemp(join(tmpdir(), "stepscope-bench-sync-"));
    await chmod(dataDir, 0o755);
    server = await ensureDatabase({ dataDir, database: "postgres", postgresFlags: ["-c", "max_wal_size=4GB"] });
  }
  const startMs = Date.now() - 86_400_000;
  // AWS is not in our process: the fake gets a process (and a core) of its own.
  const fake = await spawnFakeAws({
    enforceQuotas: true,
    standard: [
      {
        stateMachineName: "BenchPipeline",
        namePrefix: "bench-",
        count: EXECUTIONS,
        tasks: TASKS,
        retryEvery: 7,
        startMs,
        stepMs: 1_000,
      },
    ],
  });
  try {
    const sampleOf = (n: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          buildExecutionHistory({
            name: `bench-${i}`,
            tasks: TASKS,
            stateMachineName: "BenchPipeline",
            retryEvery: 7,
            startDate: new Date(startMs + i * 1_000).toISOString(),
          }).parsed,
      );
    const eventsEach = sampleOf(1)[0]!.events.length;
    console.log(
      `${fmt(EXECUTIONS)} executions × ${fmt(eventsEach)} events (${fmt(EXECUTIONS * eventsEach)} events), quotas enforced (${REGION} defaults)`,
    );

    let before: RunFigures | null = null;
    if (args.compare) {
      // The store as it was: one transaction per execution, as many at once as fetch lanes,
      // each updating the shared rollup rows itself. Its own access key: fresh quota buckets in the fake.
      before = await runSync("one transaction per execution (before)", server.url, dataDir, fake, "AKIDBEFORE", (db) =>
        createStoreBatcher(
          db,
          { kind: "AWS", name: "bench" },
          { maxBatch: 1, maxConcurrent: Number(args.concurrency), synchronousCommit: true },
        ),
      );
    }
    const after = await runSync("batched stores (now)", server.url, dataDir, fake, "AKIDAFTER", null);
    if (before)
      console.log(
        `\n  side by side: ${fmt(before.wallS, 1)} s → ${fmt(after.wallS, 1)} s (${fmt(before.wallS / after.wallS, 2)}× faster)`,
      );

    const sample = Math.min(Number(args["store-sample"]), EXECUTIONS);
    if (sample > 0) {
      // The same histories stored without AWS in between, as many at once as the sync ran: what Postgres alone allows here.
      const direct = connectDatabase(await freshDatabase(server.url, "bench_sync_store"), { max: 40 });
      direct.pool.on("error", () => {});
      const histories = sampleOf(sample);
      const queue = [...histories];
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: Number(args.concurrency) }, async () => {
          for (let h = queue.shift(); h; h = queue.shift()) {
            await storeExecution(direct, h, deriveHistory(h.events, h.identity), { kind: "AWS", name: "bench" });
          }
        }),
      );
      const storeS = (performance.now() - t0) / 1000;
      const sampleEvents = histories.reduce((sum, h) => sum + h.events.length, 0);
      const ceiling = sampleEvents / storeS;
      console.log(
        `\n  store-only ceiling   ${fmt(ceiling)} events/s (${sample} executions straight into Postgres, one transaction each, concurrency ${args.concurrency})`,
      );
      console.log(
        `  → at that rate the store alone needs ${fmt((EXECUTIONS * eventsEach) / ceiling, 1)} s for these events`,
      );
      await direct.prisma.$disconnect();
      await direct.pool.end();
    }
  } finally {
    await fake.close();
    await server.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
