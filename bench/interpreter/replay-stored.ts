/**
 * `stepscope test` over stored executions: N executions (default 10,000: the three checkout
 * recordings of test/fixtures/regression, each stored under many names) in a database of
 * their own, then, alternately in the same run, (a) reading them from Postgres alone (the
 * command's own reader: the query's ARNs a page at a time, each page's executions and events
 * in two round trips) and (b) `node bin/stepscope.mjs test <changed definition> --query …` as
 * a person runs it (a process of its own; its wall time includes its start). Prints
 * executions/s of each, the ratio test ÷ read per round in wall time and in CPU (the command's
 * with its children's, from `/usr/bin/time`; the read's, this process's: on a shared machine the
 * CPU figures move far less than wall time; Postgres's own CPU is in neither).
 *
 *   npm run bench:interpreter-replay [-- --executions 10000 --rounds 2 --reuse]
 *
 * Uses `BENCH_DATABASE_URL` (a local server; database `bench_replay` is dropped and loaded)
 * or an embedded Postgres of its own in /tmp/stepscope-bench-replay.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { connectDatabase } from "../../lib/db/database";
import { prepareHistoryText } from "../../lib/ingest/import-history-text";
import { storeExecutions } from "../../lib/store/store-execution";
import { arnPagesOfQuery, storedRecordings } from "../../lib/cli/test-sources";
import { freshDatabase } from "../fresh-database";
import { startBenchServer } from "../queries/bench-server";

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    executions: { type: "string", default: "10000" },
    rounds: { type: "string", default: "2" },
    reuse: { type: "boolean", default: false },
  },
});
const repo = path.resolve(__dirname, "../..");
const fixtures = path.join(repo, "test/fixtures/regression");
const query = 'stateMachine = "checkout"';
const definition = path.join(fixtures, "checkout.choice-changed.asl.json");

/** The fixtures' histories as bare event lists (a bundle's events too), to store under new names. */
async function histories(): Promise<string[]> {
  return Promise.all(
    ["order-declined.json", "order-large.bundle.json", "order-small.json"].map(async (file) => {
      const document = JSON.parse(await readFile(path.join(fixtures, "recorded", file), "utf8")) as {
        events: unknown[];
      };
      return JSON.stringify({ events: document.events });
    }),
  );
}

async function load(url: string, count: number): Promise<void> {
  const db = connectDatabase(url, { max: 2 });
  try {
    const texts = await histories();
    const source = { kind: "UPLOAD" as const, name: "bench-replay" };
    for (let at = 0; at < count; at += 500) {
      const batch = [];
      for (let i = at; i < Math.min(count, at + 500); i++) {
        const name = `bench-${String(i).padStart(6, "0")}`;
        const prepared = prepareHistoryText(texts[i % texts.length]!, {
          fileName: `${name}.json`,
          executionArn: `arn:aws:states:eu-west-1:123456789012:execution:checkout:${name}`,
        });
        for (const { parsed, derived } of prepared.executions) batch.push({ parsed, derived, source });
      }
      await storeExecutions(db, batch, { synchronousCommit: false });
    }
    await db.pool.query("VACUUM ANALYZE");
  } finally {
    await db.prisma.$disconnect();
    await db.pool.end();
  }
}

async function readAlone(url: string): Promise<{ ms: number; cpuS: number; executions: number; events: number }> {
  const db = connectDatabase(url, { max: 4 });
  try {
    const start = performance.now();
    const cpu = process.cpuUsage();
    let executions = 0;
    let events = 0;
    for await (const recording of storedRecordings(db, arnPagesOfQuery(db, query))) {
      executions++;
      events += recording.events.length;
    }
    const { user, system } = process.cpuUsage(cpu);
    return { ms: performance.now() - start, cpuS: (user + system) / 1e6, executions, events };
  } finally {
    await db.prisma.$disconnect();
    await db.pool.end();
  }
}

async function testCommand(url: string): Promise<{ ms: number; lines: number; cpuS: number; code: number }> {
  const start = performance.now();
  const argv = [
    "-f",
    "%U %S",
    process.execPath,
    path.join(repo, "bin/stepscope.mjs"),
    "test",
    definition,
    "--query",
    query,
  ];
  const ended = await run("/usr/bin/time", argv, {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: url, STEPSCOPE_OTLP_ENDPOINT: "" },
    maxBuffer: 256 * 1024 * 1024,
  }).then(
    (r) => ({ ...r, code: 0 }),
    (e: { stdout: string; stderr: string; code: number }) => e,
  );
  const ms = performance.now() - start;
  const [user = 0, system = 0] = (ended.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  if (ended.code !== 1 && ended.code !== 0) throw new Error(`stepscope test exited ${ended.code}: ${ended.stderr}`);
  return { ms, lines: ended.stdout.split("\n").filter(Boolean).length, cpuS: user + system, code: ended.code };
}

async function main(): Promise<void> {
  const count = Number(args.executions);
  const server = await startBenchServer("/tmp/stepscope-bench-replay");
  try {
    const url = new URL(server.url);
    url.pathname = "/bench_replay";
    if (!args.reuse) {
      const loadStart = performance.now();
      await load(await freshDatabase(server.url, "bench_replay"), count);
      console.log(`loaded ${count} executions in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
    }
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (${count} executions, query ${query})`,
    );
    console.log(
      "| round | read alone s | read executions/s | read CPU s | stepscope test s | test executions/s | test CPU s | test ÷ read (wall) | test ÷ read (CPU) |",
    );
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (let round = 1; round <= Number(args.rounds); round++) {
      // Alternating which goes first, so both see the same machine.
      const read = round % 2 === 1 ? await readAlone(url.toString()) : null;
      const tested = await testCommand(url.toString());
      const readAfter = read ?? (await readAlone(url.toString()));
      if (tested.lines !== readAfter.executions)
        throw new Error(`stepscope test printed ${tested.lines} lines for ${readAfter.executions} executions`);
      const perS = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-US");
      console.log(
        `| ${round} | ${(readAfter.ms / 1000).toFixed(2)} | ${perS(readAfter.executions, readAfter.ms)} | ${readAfter.cpuS.toFixed(1)} | ${(tested.ms / 1000).toFixed(1)} | ${perS(tested.lines, tested.ms)} | ${tested.cpuS.toFixed(1)} | ${(tested.ms / readAfter.ms).toFixed(1)}× | ${(tested.cpuS / readAfter.cpuS).toFixed(1)}× |`,
      );
    }
    console.log(
      `load average after ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
  } finally {
    await server.stop();
  }
}

void main();
