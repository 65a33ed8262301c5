/**
 * Sync benchmark: `stepscope sync` of 500 Standard executions of ~2,000 events each from
 * the in-repo fake AWS with AWS's default quotas enforced (us-east-1), into Postgres.
 * Prints the wall time beside the minimum the quotas allow — per API,
 * max(0, calls − bucket) ÷ refill per second; the slowest API bounds the sync — and
 * events/s into Postgres. Goal: within 1.2× of the quota minimum.
 *
 *   npm run bench:sync [-- --executions 500 --tasks 360 --concurrency 32]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_sync` is dropped and
 * created) or an embedded Postgres in a temp folder.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { getApiQuota, type AwsApi } from "../../lib/aws/aws-quotas";
import { connectDatabase } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { deriveHistory } from "../../lib/history/derive-history";
import { storeExecution } from "../../lib/ingest/store-execution";
import { syncAwsSource } from "../../lib/ingest/sync-aws-source";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { addExecutionsToFake } from "../../test/fake-aws/fake-aws-fixtures";
import { startFakeAws } from "../../test/fake-aws/fake-aws-server";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "500" },
    tasks: { type: "string", default: "360" },
    concurrency: { type: "string", default: "32" },
    /** Executions stored straight (no AWS, no fake) into a second database: the store's own ceiling. 0 skips. */
    "store-sample": { type: "string", default: "100" },
  },
});
const EXECUTIONS = Number(args.executions);
const TASKS = Number(args.tasks);
const REGION = "us-east-1";
const fmt = (n: number, digits = 0): string => n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function freshDatabase(adminUrl: string, name = "bench_sync"): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await applyMigrations(client, resolve("prisma/migrations"));
  await client.end();
  return url.toString();
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
  const fake = await startFakeAws({ enforceQuotas: true });
  try {
    const now = Date.now();
    const histories = Array.from({ length: EXECUTIONS }, (_, i) =>
      buildExecutionHistory({
        name: `bench-${i}`,
        tasks: TASKS,
        stateMachineName: "BenchPipeline",
        retryEvery: 7,
        startDate: new Date(now - 86_400_000 + i * 1_000).toISOString(),
      }).parsed,
    );
    addExecutionsToFake(fake.state, histories);
    const totalEvents = histories.reduce((sum, h) => sum + h.events.length, 0);
    console.log(`${fmt(EXECUTIONS)} executions × ~${fmt(totalEvents / EXECUTIONS)} events (${fmt(totalEvents)} events), quotas enforced (${REGION} defaults)`);

    const db = connectDatabase(await freshDatabase(server.url), { max: 40 });
    // Stopping the embedded server ends idle connections; that is not a failure of the run.
    db.pool.on("error", () => {});
    const { rows } = await db.pool.query<{ id: number }>(
      "INSERT INTO sources (kind, name, region, endpoint, account_id) VALUES ('AWS', 'bench', $1, $2, '123456789012') RETURNING id",
      [REGION, fake.url],
    );
    const started = performance.now();
    const outcome = await syncAwsSource(db, rows[0]!.id, {
      credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
      concurrency: Number(args.concurrency),
    });
    const wallS = (performance.now() - started) / 1000;
    if (outcome.status !== "done") throw new Error(`sync ended ${JSON.stringify(outcome)}`);
    const stored = (await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM history_events")).rows[0]!.n;

    const calls = new Map<string, number>();
    for (const call of fake.calls) if (call.outcome === "ok") calls.set(call.op, (calls.get(call.op) ?? 0) + 1);
    console.log("\n  API                      calls  bucket  refill/s  quota minimum (s)");
    let minimumS = 0;
    for (const [op, n] of [...calls].sort()) {
      const quota = getApiQuota(op as AwsApi, REGION);
      const minS = Math.max(0, n - quota.capacity) / quota.refillPerSecond;
      minimumS = Math.max(minimumS, minS);
      console.log(`  ${op.padEnd(22)} ${fmt(n).padStart(7)} ${fmt(quota.capacity).padStart(7)} ${fmt(quota.refillPerSecond).padStart(9)} ${fmt(minS, 1).padStart(18)}`);
    }
    console.log(`\n  wall time            ${fmt(wallS, 1)} s`);
    console.log(`  quota minimum        ${fmt(minimumS, 1)} s  (ratio ${fmt(wallS / Math.max(minimumS, 0.001), 2)}×, goal ≤ 1.2×)`);
    console.log(`  events into Postgres ${fmt(Number(stored))} (${fmt(Number(stored) / wallS)} events/s)`);
    console.log(`  throttled by the fake ${fmt(fake.throttled())}, client retries ${fmt(outcome.progress.retries)}`);
    await db.prisma.$disconnect();
    await db.pool.end();

    const sample = Math.min(Number(args["store-sample"]), histories.length);
    if (sample > 0) {
      // The same histories stored without AWS in between, as many at once as the sync ran: what Postgres alone allows here.
      const direct = connectDatabase(await freshDatabase(server.url, "bench_sync_store"), { max: 40 });
      direct.pool.on("error", () => {});
      const queue = histories.slice(0, sample);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: Number(args.concurrency) }, async () => {
          for (let h = queue.shift(); h; h = queue.shift()) {
            await storeExecution(direct, h, deriveHistory(h.events, h.identity), { kind: "AWS", name: "bench" });
          }
        }),
      );
      const storeS = (performance.now() - t0) / 1000;
      const sampleEvents = histories.slice(0, sample).reduce((sum, h) => sum + h.events.length, 0);
      const ceiling = sampleEvents / storeS;
      console.log(`  store-only ceiling   ${fmt(ceiling)} events/s (${sample} executions straight into Postgres, concurrency ${args.concurrency})`);
      console.log(`  → at that rate the store alone needs ${fmt(totalEvents / ceiling, 1)} s for these ${fmt(totalEvents)} events`);
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
