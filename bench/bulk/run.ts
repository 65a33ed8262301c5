/**
 * Bulk action benchmark: a bulk redrive of N failed Standard executions against the
 * in-repo fake AWS with AWS's default quotas enforced (us-east-1), each execution fetched
 * again afterwards. Prints the wall time beside the minimum the quotas allow — per API,
 * max(0, calls − bucket) ÷ refill per second; the slowest API bounds the run — and how
 * often the fake throttled (goal: never, the token buckets keep the run inside the quotas;
 * wall time within 1.2× of the quota minimum).
 *
 *   npm run bench:bulk [-- --executions 200 --concurrency 8]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_bulk` is dropped and created)
 * or an embedded Postgres in a temp folder.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createBulkAction, type BulkStarted } from "../../lib/actions/bulk/create-bulk-action";
import { getBulkAction } from "../../lib/actions/bulk/get-bulk-action";
import { processBulkAction } from "../../lib/actions/bulk/process-bulk-action";
import { getApiQuota, type AwsApi } from "../../lib/aws/aws-quotas";
import { connectDatabase } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { freshDatabase } from "../fresh-database";
import { syncAwsSource } from "../../lib/ingest/sync-aws-source";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { addExecutionsToFake } from "../../test/fake-aws/fake-aws-fixtures";
import { startFakeAws } from "../../test/fake-aws/fake-aws-server";

const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "200" },
    concurrency: { type: "string", default: "8" },
  },
});
const EXECUTIONS = Number(args.executions);
const REGION = "us-east-1";
const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const external = process.env["BENCH_DATABASE_URL"];
  let dataDir: string | null = null;
  let server: { url: string; stop(): Promise<void> };
  if (external) server = { url: external, stop: async () => {} };
  else {
    dataDir = await mkdtemp(join(tmpdir(), "stepscope-bench-bulk-"));
    await chmod(dataDir, 0o755);
    server = await ensureDatabase({ dataDir, database: "postgres" });
  }
  const fake = await startFakeAws({ enforceQuotas: true });
  const db = connectDatabase(await freshDatabase(server.url, "bench_bulk"), { max: 20 });
  db.pool.on("error", () => {});
  try {
    // Failed an hour ago: inside AWS's 14-day redrive window.
    const start = Date.now() - 3_600_000;
    addExecutionsToFake(
      fake.state,
      Array.from(
        { length: EXECUTIONS },
        (_, i) =>
          buildExecutionHistory({
            name: `bulk-${i}`,
            status: "FAILED",
            tasks: 3,
            stateMachineName: "BulkBench",
            startDate: new Date(start + i * 1_000).toISOString(),
          }).parsed,
      ),
    );
    const { rows } = await db.pool.query<{ id: number }>(
      "INSERT INTO sources (kind, name, region, endpoint, account_id) VALUES ('AWS', 'bench', $1, $2, '123456789012') RETURNING id",
      [REGION, fake.url],
    );
    const credentials = { accessKeyId: "AKIDBENCHSYNC", secretAccessKey: "bench" };
    const synced = await syncAwsSource(db, rows[0]!.id, { credentials });
    if (synced.status !== "done") throw new Error(`sync ended ${JSON.stringify(synced)}`);
    console.log(
      `${fmt(EXECUTIONS)} failed executions stored; bulk redrive with quotas enforced (${REGION} defaults), concurrency ${args.concurrency}`,
    );

    const actor = { userId: null, name: "bench", role: "operator" as const, via: "cli" as const };
    const started = (await createBulkAction(db, actor, {
      action: "redrive",
      filters: "stateMachine=BulkBench",
      dryRun: false,
    })) as BulkStarted;
    const callsBefore = fake.calls.length;
    const throttledBefore = fake.throttled();
    const t0 = performance.now();
    // Its own access key: the fake's quota buckets are fresh for the run, as an account's would be.
    await processBulkAction(db, BigInt(started.id), {
      credentials: { accessKeyId: "AKIDBENCHBULK", secretAccessKey: "bench" },
      concurrency: Number(args.concurrency),
    });
    const wallS = (performance.now() - t0) / 1000;
    const view = await getBulkAction(db, BigInt(started.id));

    const counts = new Map<string, number>();
    for (const call of fake.calls.slice(callsBefore))
      if (call.outcome === "ok") counts.set(call.op, (counts.get(call.op) ?? 0) + 1);
    console.log("  API                      calls  bucket  refill/s  quota minimum (s)");
    let minimumS = 0;
    for (const [op, n] of [...counts].sort()) {
      const quota = getApiQuota(op as AwsApi, REGION);
      const minS = Math.max(0, n - quota.capacity) / quota.refillPerSecond;
      minimumS = Math.max(minimumS, minS);
      console.log(
        `  ${op.padEnd(22)} ${fmt(n).padStart(7)} ${fmt(quota.capacity).padStart(7)} ${fmt(quota.refillPerSecond).padStart(9)} ${fmt(minS, 1).padStart(18)}`,
      );
    }
    console.log(
      `  items                ${fmt(view.total)}: ${fmt(view.counts.done)} done, ${fmt(view.counts.refused)} refused, ${fmt(view.counts.failed)} failed`,
    );
    console.log(`  wall time            ${fmt(wallS, 1)} s (${fmt(view.total / wallS, 1)} items/s)`);
    console.log(
      `  quota minimum        ${fmt(minimumS, 1)} s  (ratio ${fmt(wallS / Math.max(minimumS, 0.001), 2)}×, goal ≤ 1.2×)`,
    );
    console.log(`  throttled by the fake ${fmt(fake.throttled() - throttledBefore)} (goal 0: paced inside the quotas)`);
  } finally {
    await db.prisma.$disconnect();
    await db.pool.end();
    await fake.close();
    await server.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
