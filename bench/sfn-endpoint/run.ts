/**
 * Step Functions endpoint benchmark: StartExecution → end latency (one execution at a time:
 * StartExecution, then DescribeExecution every 20 ms until it has ended) and throughput (a burst
 * of executions started together; executions ended per second), through the real SDK client.
 * The definition: three Pass states and a Choice (no Task, no Wait): what is timed is the
 * endpoint's own cost (the runner, storing the history), not the definition's.
 *
 *   npx tsx bench/sfn-endpoint/run.ts [--mode in-process|isolated] [--sequential 30] [--burst 40]
 *     [--max-running 8] [--spares 2] [--per-runner 4]
 *
 * `--per-runner 1` runs each execution in a runner process of its own (a burst beyond the
 * spares starts a process per execution); the default lets a busy runner host 4 at once.
 *
 * Uses `BENCH_DATABASE_URL` (a local server; its `bench_sfn_endpoint` database is dropped and
 * re-created) or an embedded Postgres of its own in /tmp/stepscope-bench-sfn-endpoint.
 */
import { chmod, mkdir } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { connectDatabase } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { startSfnEndpoint } from "../../lib/sfn-endpoint/sfn-endpoint-server";
import { freshDatabase } from "../fresh-database";

const { values: args } = parseArgs({
  options: {
    mode: { type: "string", default: "isolated" },
    sequential: { type: "string", default: "30" },
    burst: { type: "string", default: "40" },
    "max-running": { type: "string", default: "8" },
    spares: { type: "string", default: "2" },
    "per-runner": { type: "string", default: "4" },
  },
});
const DATA_DIR = "/tmp/stepscope-bench-sfn-endpoint";
const pct = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

const definition = {
  StartAt: "A",
  States: {
    A: { Type: "Pass", Result: { n: 1 }, Next: "B" },
    B: { Type: "Choice", Choices: [{ Variable: "$.n", NumericEquals: 1, Next: "C" }], Default: "D" },
    C: { Type: "Pass", Next: "D" },
    D: { Type: "Pass", End: true },
  },
};

async function untilEnded(sfn: SFNClient, executionArn: string): Promise<string> {
  for (;;) {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== "RUNNING") return status ?? "?";
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<void> {
  const external = process.env["BENCH_DATABASE_URL"];
  let stop = async (): Promise<void> => {};
  let adminUrl = external;
  if (adminUrl === undefined) {
    await mkdir(DATA_DIR, { recursive: true });
    await chmod(DATA_DIR, 0o777).catch(() => undefined);
    const server = await ensureDatabase({ dataDir: DATA_DIR, database: "postgres" });
    adminUrl = server.url;
    stop = server.stop;
  }
  const db = connectDatabase(await freshDatabase(adminUrl, "bench_sfn_endpoint"), { max: 8 });
  const isolate = args.mode !== "in-process";
  const endpoint = await startSfnEndpoint({
    db,
    isolate,
    runners: {
      maxRunning: Number(args["max-running"]),
      spares: Number(args.spares),
      perRunner: Number(args["per-runner"]),
    },
  });
  const sfn = new SFNClient({
    endpoint: endpoint.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const { stateMachineArn: arn } = await sfn.send(
    new CreateStateMachineCommand({
      name: "bench",
      definition: JSON.stringify(definition),
      roleArn: "arn:aws:iam::123456789012:role/local",
    }),
  );
  // One execution first: a cold start (the runners' first fork, the database's first writes) is not what is timed.
  await untilEnded(
    sfn,
    (await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "warm" }))).executionArn!,
  );

  const latencies: number[] = [];
  for (let i = 0; i < Number(args.sequential); i++) {
    const t0 = performance.now();
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: `s${i}` }));
    const status = await untilEnded(sfn, executionArn!);
    if (status !== "SUCCEEDED") throw new Error(`execution s${i} ended ${status}`);
    latencies.push(performance.now() - t0);
    // Let the pool top its spares up, as between a person's runs.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  latencies.sort((a, b) => a - b);

  const burst = Number(args.burst);
  const t0 = performance.now();
  const started = await Promise.all(
    Array.from({ length: burst }, (_, i) =>
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: `b${i}` })),
    ),
  );
  const statuses = await Promise.all(started.map((s) => untilEnded(sfn, s.executionArn!)));
  const burstMs = performance.now() - t0;
  const failed = statuses.filter((s) => s !== "SUCCEEDED").length;

  console.log(
    `mode ${args.mode}${isolate ? ` (max running ${args["max-running"]}, spares ${args.spares}, per runner ${args["per-runner"]})` : ""}`,
  );
  console.log(`load average at the end ${loadavg()[0]?.toFixed(2)} on this machine`);
  console.log(
    `start → end, one at a time (${latencies.length}): p50 ${pct(latencies, 0.5).toFixed(0)} ms, p95 ${pct(latencies, 0.95).toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms`,
  );
  console.log(
    `burst of ${burst}: all ended in ${(burstMs / 1000).toFixed(2)} s = ${((burst * 1000) / burstMs).toFixed(1)} executions/s (${failed} not SUCCEEDED)`,
  );
  await endpoint.close();
  await db.prisma.$disconnect();
  await db.pool.end();
  await stop();
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
