/**
 * Query-language benchmark: loads executions with order-shaped inputs and their state runs
 * (COPY; no history events: the language never reads them), then times the executions
 * list (`listExecutions`: the page and its count, JSON-encoded, what GET /api/executions
 * answers) under query-language expressions, beside the same filter through the list's
 * older parameters where one exists. Goal: p95 < 150 ms per expression.
 *
 *   npm run bench:query-language [-- --executions 200000 --iterations 30 --reuse]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_query_language` is dropped and
 * created) or an embedded Postgres in /tmp/stepscope-bench-query-language.
 */
import { chmod, mkdir } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { connectDatabase, type Database } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { listExecutions } from "../../lib/queries/list-executions";
import { freshDatabase } from "../fresh-database";
import { copyLines, row } from "./copy-rows";
import { prng } from "./generate-corpus";

const DATABASE = "bench_query_language";
const DATA_DIR = "/tmp/stepscope-bench-query-language";
const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "200000" },
    iterations: { type: "string", default: "30" },
    reuse: { type: "boolean", default: false },
  },
});

const STATES = ["Validate", "ReserveStock", "ChargeCard", "Ship", "Notify"];
const MACHINES = Array.from({ length: 10 }, (_, i) => ({
  id: i + 1,
  name: `orders-${i + 1}`,
  arn: `arn:aws:states:us-east-1:111122223333:stateMachine:orders-${i + 1}`,
}));
const iso = (ms: number) => new Date(ms).toISOString();

/** Executions over the last 30 days (newest id newest), 15% failed at one of their states. */
async function load(client: pg.ClientBase, count: number, now: number): Promise<void> {
  await copyLines(
    client,
    "sources",
    ["id", "kind", "name", "account_id", "region"],
    [row(1, "AWS", "prod", "111122223333", "us-east-1")],
  );
  await copyLines(
    client,
    "state_machines",
    ["id", "arn", "name", "type", "source_id", "region", "account_id"],
    MACHINES.map((m) => row(m.id, m.arn, m.name, "STANDARD", 1, "us-east-1", "111122223333")),
  );
  const r = prng(11);
  const plan = Array.from({ length: count }, (_, i) => {
    const roll = r();
    const status = roll < 0.75 ? "SUCCEEDED" : roll < 0.9 ? "FAILED" : roll < 0.95 ? "RUNNING" : "TIMED_OUT";
    const start = now - ((count - i) / count) * 30 * 86_400_000;
    const failedAt = status === "FAILED" || status === "TIMED_OUT" ? Math.floor(r() * STATES.length) : null;
    const amount = Math.round(r() * 100_000) / 100;
    const input = JSON.stringify({
      order: { id: `o-${i + 1}`, amount, customerId: `c-${Math.floor(r() * 5000)}` },
      items: [{ sku: `SKU-${Math.floor(r() * 200)}`, qty: 1 + Math.floor(r() * 3) }],
      priority: r() < 0.1 ? "high" : "low",
    });
    const declined = failedAt === 2 && r() < 0.5;
    return { id: i + 1, status, start, failedAt, input, declined, machine: MACHINES[i % MACHINES.length]! };
  });
  await copyLines(
    client,
    "executions",
    [
      "id",
      "execution_arn",
      "name",
      "state_machine_id",
      "source_id",
      "type",
      "status",
      "start_date",
      "stop_date",
      "duration_ms",
      "input",
      "error",
      "cause",
      "root_cause_state",
      "account_id",
      "region",
    ],
    plan.map((e) => {
      const duration = e.status === "RUNNING" ? null : 1000 + (e.id % 600) * 1000;
      const error = e.failedAt === null ? null : e.declined ? "Payment.Declined" : "States.TaskFailed";
      const cause =
        error === null
          ? null
          : e.declined
            ? `Card declined for order o-${e.id}`
            : `worker crashed at step ${e.id % 40}`;
      return row(
        e.id,
        `${e.machine.arn.replace("stateMachine", "execution")}:${e.id}`,
        `run-${e.id}`,
        e.machine.id,
        1,
        "STANDARD",
        e.status,
        iso(e.start),
        duration === null ? null : iso(e.start + duration),
        duration,
        e.input,
        error,
        cause,
        e.failedAt === null ? null : STATES[e.failedAt]!,
        "111122223333",
        "us-east-1",
      );
    }),
  );
  await client.query("SELECT setval(pg_get_serial_sequence('executions', 'id'), (SELECT max(id) FROM executions))");
  function* runs(): Generator<string> {
    for (const e of plan) {
      const last = e.failedAt ?? (e.status === "RUNNING" ? 2 : STATES.length - 1);
      for (let s = 0; s <= last; s++) {
        const failed = s === e.failedAt;
        const status = failed ? "FAILED" : e.status === "RUNNING" && s === last ? "RUNNING" : "SUCCEEDED";
        yield row(e.id, `${s}`, STATES[s]!, "Task", "[]", 2 + s * 5, iso(e.start + s * 100), status);
      }
    }
  }
  await copyLines(
    client,
    "state_runs",
    ["execution_id", "key", "name", "state_type", "scope", "entered_event_id", "entered_at", "status"],
    runs(),
  );
  await client.query("VACUUM ANALYZE");
}

/** An expression, and the same filter through the list's older parameters where one exists. */
const cases: { name: string; q: string; older?: Record<string, string> }[] = [
  { name: "equality on an input field", q: 'input.order.customerId = "c-42"' },
  { name: "numeric range on an input field", q: "input.order.amount > 990" },
  { name: "state = X", q: 'state = "ChargeCard"' },
  { name: "error ~ text", q: 'error ~ "declined"', older: { q: "declined" } },
  { name: "status = X", q: 'status = "FAILED"', older: { status: "FAILED" } },
  {
    name: "AND of three",
    q: 'status = "FAILED" AND input.order.amount > 500 AND state = "ChargeCard"',
    older: { status: "FAILED" },
  },
  { name: "rare AND of three", q: 'input.priority = "high" AND failedState = "Ship" AND startDate > now-7d' },
];

const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function time(
  db: Database,
  params: Record<string, string>,
  now: Date,
  n: number,
): Promise<{ ms: number[]; total: string }> {
  const parsed = parseExecutionListParams(params);
  const page = await listExecutions(db.prisma, parsed, now); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    JSON.stringify(await listExecutions(db.prisma, parsed, now));
    ms.push(performance.now() - t);
  }
  const total = `${page.total}${page.totalIsLowerBound ? "+" : ""}${page.totalIsEstimate ? "~" : ""}`;
  return { ms: ms.sort((a, b) => a - b), total };
}

async function main(): Promise<void> {
  const count = Number(args.executions);
  const external = process.env["BENCH_DATABASE_URL"];
  let server: { url: string; stop(): Promise<void> };
  if (external) server = { url: external, stop: async () => {} };
  else {
    await mkdir(DATA_DIR, { recursive: true });
    await chmod(DATA_DIR, 0o755);
    server = await ensureDatabase({ dataDir: DATA_DIR, database: "postgres" });
  }
  const now = new Date();
  const url = new URL(server.url);
  url.pathname = `/${DATABASE}`;
  if (!args.reuse) {
    const t = performance.now();
    await freshDatabase(server.url, DATABASE);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await load(client, count, now.getTime());
    await client.end();
    console.log(`loaded ${count.toLocaleString("en")} executions in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const db = connectDatabase(url.toString(), { max: 4 });
  try {
    const [stats] = (
      await db.pool.query<{ e: string; r: string; maxstart: Date }>(
        "SELECT (SELECT count(*) FROM executions)::text AS e, (SELECT count(*) FROM state_runs)::text AS r, (SELECT max(start_date) FROM executions) AS maxstart",
      )
    ).rows;
    // `--reuse`: time from the moment the corpus was loaded, so `now-7d` selects the same rows.
    const at = args.reuse ? stats!.maxstart : now;
    const n = Number(args.iterations);
    console.log(
      `${Number(stats!.e).toLocaleString("en")} executions, ${Number(stats!.r).toLocaleString("en")} state runs; ${n} timed list calls a row; load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n`,
    );
    console.log("| case | expression (q) | matches | p50 ms | p95 ms | older list params | their p50 | their p95 |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let worst = 0;
    for (const c of cases) {
      const q = await time(db, { q: c.q }, at, n);
      worst = Math.max(worst, pct(q.ms, 0.95));
      const older = c.older ? await time(db, c.older, at, n) : null;
      console.log(
        `| ${c.name} | \`${c.q}\` | ${q.total} | ${pct(q.ms, 0.5).toFixed(1)} | ${pct(q.ms, 0.95).toFixed(1)} | ${
          c.older ? `\`${new URLSearchParams(c.older).toString()}\`` : "none"
        } | ${older ? pct(older.ms, 0.5).toFixed(1) : "–"} | ${older ? pct(older.ms, 0.95).toFixed(1) : "–"} |`,
      );
    }
    console.log(`\ngoal p95 < 150 ms: ${worst < 150 ? "met" : "NOT met"} (worst ${worst.toFixed(1)} ms)`);
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
