/**
 * Interpreter benchmark: the bundled interpreter (`lib/asl`, producing the complete AWS
 * history) against aws-local-stepfunctions (no history) on ../shared/bench-defs, in one run.
 * Each (engine, definition) pair runs in its own child process so its peak RSS is its own.
 *
 *   npm run bench:interpreter [-- --runs 5]
 *
 * Each side: two warm-up runs, then the median of `--runs` timed runs.
 * Transitions per definition are counted from the definition, the same for both engines
 * (a: 200, b: 20,001, c: 201, d: 3 Task attempts); ours also reports the transitions it
 * counted. Timing excludes the backoff: a virtual clock for ours, `retryIntervalOverrides`
 * of 0 for the baseline, whose validator is off (it alone costs 120–280 ms).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createVirtualClock } from "../../lib/asl/clock";
import { executeStateMachine } from "../../lib/asl/execute-state-machine";
import { createHandlerInvoker } from "../../lib/asl/handler-invoker";
import { createSeededRandom } from "../../lib/asl/seeded-random";
import type { Json, StateMachineDefinition } from "../../lib/asl/types";

const DEFS_DIR = path.resolve(__dirname, "../../../shared/bench-defs");
const DEFS = [
  { file: "a-pass-chain-200.asl.json", transitions: 200 },
  { file: "b-map-10k.asl.json", transitions: 20_001 },
  { file: "c-parallel-10x20.asl.json", transitions: 201 },
  { file: "d-task-retry.asl.json", transitions: 3 },
] as const;

function inputFor(file: string): Json {
  if (!file.startsWith("b-")) return {};
  return { items: Array.from({ length: 10_000 }, (_, id) => ({ id, even: id % 2 === 0 })) };
}

/** A handler that throws `CustomError` twice per execution, then succeeds. */
function flaky(): () => Json {
  let calls = 0;
  return () => {
    calls++;
    if (calls <= 2) {
      const err = new Error("flaky");
      err.name = "CustomError";
      throw err;
    }
    return { ok: true };
  };
}

async function runOurs(
  definition: StateMachineDefinition,
  input: string,
): Promise<{ transitions: number; events: number }> {
  const result = await executeStateMachine({
    definition,
    input,
    stateMachineName: "bench",
    executionName: "bench",
    clock: createVirtualClock(),
    invoker: createHandlerInvoker({ Flaky: flaky() }),
    random: createSeededRandom(1),
  });
  if (result.status !== "SUCCEEDED") throw new Error(`ours failed: ${result.error ?? ""} ${result.cause ?? ""}`);
  return { transitions: result.transitions, events: result.events.length };
}

async function runBaseline(definition: unknown, input: Json): Promise<void> {
  const withResolvers = Promise as unknown as { withResolvers?: unknown };
  // aws-local-stepfunctions 3 targets Node 22; its Task states need Promise.withResolvers.
  withResolvers.withResolvers ??= function <T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  const { StateMachine } = await import("aws-local-stepfunctions");
  const machine = new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0], {
    validationOptions: { noValidate: true },
  });
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: { CallService: flaky() as never },
      retryIntervalOverrides: { CallService: 0 },
    },
  });
  await execution.result;
}

async function child(engine: string, file: string, runs: number): Promise<void> {
  const text = readFileSync(path.join(DEFS_DIR, file), "utf8");
  const definition = JSON.parse(text) as StateMachineDefinition;
  const input = inputFor(file);
  const inputText = JSON.stringify(input);
  const once = async (): Promise<number> =>
    engine === "ours" ? (await runOurs(definition, inputText)).transitions : (await runBaseline(definition, input), 0);
  // Two warm-up runs let both engines' code reach the optimising compiler before timing.
  await once();
  await once();
  let counted = 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    counted = await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((x, y) => x - y);
  // The median resists the noise of a shared machine better than the mean.
  const ms = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const events = engine === "ours" ? (await runOurs(definition, inputText)).events : 0;
  process.stdout.write(JSON.stringify({ ms, counted, events, maxRssKb: process.resourceUsage().maxRSS }));
}

function main(): void {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "5" }, child: { type: "string" }, file: { type: "string" } },
    allowPositionals: true,
  });
  const runs = Number(values.runs);
  if (values.child !== undefined && values.file !== undefined) {
    void child(values.child, values.file, runs);
    return;
  }
  const rows: string[] = [];
  rows.push("| definition | engine | median ms/run | transitions/s | peak RSS MB | history events | ours ÷ baseline |");
  rows.push("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const def of DEFS) {
    const measured: Record<string, { ms: number; counted: number; events: number; maxRssKb: number }> = {};
    for (const engine of ["ours", "aws-local-stepfunctions"]) {
      const out = spawnSync(
        process.execPath,
        [...process.execArgv, __filename, "--child", engine, "--file", def.file, "--runs", String(runs)],
        { encoding: "utf8", maxBuffer: 1 << 26 },
      );
      if (out.status !== 0) throw new Error(`${engine} on ${def.file} failed: ${out.stderr}`);
      measured[engine] = JSON.parse(out.stdout) as { ms: number; counted: number; events: number; maxRssKb: number };
    }
    const ours = measured["ours"];
    const base = measured["aws-local-stepfunctions"];
    if (ours === undefined || base === undefined) continue;
    const tps = (ms: number): number => Math.round((def.transitions / ms) * 1000);
    rows.push(
      `| ${def.file} | ours | ${ours.ms.toFixed(2)} | ${tps(ours.ms).toLocaleString("en-US")} | ${(ours.maxRssKb / 1024).toFixed(0)} | ${ours.events} | ${(base.ms / ours.ms).toFixed(1)}× |`,
    );
    rows.push(
      `| ${def.file} | aws-local-stepfunctions | ${base.ms.toFixed(2)} | ${tps(base.ms).toLocaleString("en-US")} | ${(base.maxRssKb / 1024).toFixed(0)} | none | |`,
    );
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

main();
