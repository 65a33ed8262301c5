/**
 * Interpreter benchmark: the bundled interpreter (`lib/asl`, producing the complete AWS
 * history) against aws-local-stepfunctions (no history) on ../shared/bench-defs, in one run.
 * Each (engine, definition) pair runs in its own child process so its peak RSS is its own.
 *
 *   npm run bench:interpreter [-- --samples 9 --processes 3 --min-ms 200 --warmup-ms 1000 --runs 2 --clock cpu|wall --collect-each-sample]
 *
 * Each side: warm-up runs for `--warmup-ms` of CPU time in its own child process, then its share of the `--samples` timed samples,
 * spread over `--processes` fresh pairs of child processes one after the other (V8 makes choices at
 * a process's warm-up, such as pretenuring, that made the same engine 2× slower in one process
 * than in the next: one process per run made two runs disagree by 34 %),
 * each at least `--min-ms` of back-to-back runs (a 1–25 ms run alone is mostly the shared
 * machine's noise; the clock read after batches of a tenth of the runs so far, not after each run), the two engines alternating sample by sample so both see the same load;
 * the table gives the median ms per run, the samples' spread, and the ratio of the engines'
 * best samples (load only ever adds time), with the median and range of the sample pairs' ratios,
 * and each engine's median share of a sample's wall-clock time spent in collector pauses (a process
 * whose V8 pretenured the interpreter's short-lived objects during warm-up once ran 3–5× slower
 * than the next one: see lib/asl/plain-records.ts). The two engines' outputs are checked equal.
 * `--collect-each-sample` starts each sample after a full collection (`--expose-gc`), as the bench
 * did before: it made every sample pay for recompiling (see the child). Samples
 * are timed in the child's CPU time (`--clock cpu`, the default: at load average 20 on two
 * cores, wall-clock samples of one run spread from −50 to +3,400 %), or `--clock wall`.
 * Transitions per definition are counted from the definition, the same for both engines
 * (a: 200, b: 20,001, c: 201, d: 3 Task attempts); ours also reports the transitions it
 * counted. `--runs 2` measures everything twice, one run after the other, and prints each
 * definition's ratio by run and how far the runs are apart (they should agree within 20 %).
 * Timing excludes the backoff: a virtual clock for ours, `retryIntervalOverrides`
 * of 0 for the baseline, whose validator is off (it alone costs 120–280 ms).
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { isDeepStrictEqual, parseArgs } from "node:util";
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
): Promise<{ transitions: number; events: number; output: string }> {
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
  return { transitions: result.transitions, events: result.events.length, output: result.output ?? "null" };
}

async function runBaseline(definition: unknown, input: Json): Promise<unknown> {
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
  return execution.result;
}

/** CPU milliseconds of this process since `start`. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** A sample: the definition run back to back until at least `minMs` have passed on the sample's clock (one run when a run is longer). */
interface Sample {
  readonly runs: number;
  readonly ms: number;
  /** The collector's pauses as a share of the sample's wall-clock time. */
  readonly gcShare: number;
}

/** What a child process measures, and how (see the command-line options). */
interface ChildOptions {
  readonly engine: string;
  readonly file: string;
  readonly minMs: number;
  readonly clock: string;
  readonly collectEachSample: boolean;
  readonly warmupMs: number;
}

/** The child: loads one engine and one definition, then answers each "sample" message with a timed sample. */
async function child({ engine, file, minMs, clock, collectEachSample, warmupMs }: ChildOptions): Promise<void> {
  const text = readFileSync(path.join(DEFS_DIR, file), "utf8");
  const definition = JSON.parse(text) as StateMachineDefinition;
  const input = inputFor(file);
  const inputText = JSON.stringify(input);
  const once = async (): Promise<number> =>
    engine === "ours" ? (await runOurs(definition, inputText)).transitions : (await runBaseline(definition, input), 0);
  // Warm-up: runs for `warmupMs` of CPU time (at least two) before the first sample, so both engines'
  // code reaches the optimising compiler and V8's allocation-site feedback settles. Two runs were not
  // enough: in a process's first ~0.6 s, V8 pretenured some of a short execution's objects, and every
  // scavenge then promoted whole executions (`--trace-gc`: 4 MB a scavenge, 12–17 ms each, then 0.6 ms
  // once it let go): the Parallel's first samples ran 3–10× slower than the later ones of the same process.
  const warmupStart = process.cpuUsage();
  for (let runs = 0; runs < 2 || cpuMsSince(warmupStart) < warmupMs; runs++) await once();
  const counted = await once();
  // Both engines' outputs go to the parent, which checks they are the same JSON (same work on both sides).
  const last = engine === "ours" ? await runOurs(definition, inputText) : undefined;
  const events = last?.events ?? 0;
  const output = last?.output ?? JSON.stringify(await runBaseline(definition, input));
  // The collector's share of the sample (main-thread pauses, from the `gc` performance entries).
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ["gc"] });
  const send = (message: unknown): void => void process.send?.(message);
  process.on("message", (message: string) => {
    if (message === "done") {
      // The output can be large (the Map's 10,000 items): disconnect only once it is sent.
      process.send?.({ type: "facts", counted, events, output, maxRssKb: process.resourceUsage().maxRSS }, () =>
        process.disconnect(),
      );
      return;
    }
    void (async () => {
      // `--collect-each-sample`: each sample starts from a collected heap. Off by default: a forced full
      // collection between two runs frees every object of the last run, and with them the hidden classes
      // only they used; V8 then throws away the optimised code built on those classes (`--trace-deopt`:
      // "marking dependent code for deoptimization, reason: weak objects"), so each sample began with
      // recompiling, and a run cost up to 4× its steady-state time (Task with retries 0.05 → 0.2 ms,
      // Parallel 0.08 → 0.4 ms), more so the faster the engine. Garbage an earlier sample left is the
      // same engine's (one engine per process), and collecting it is part of what its runs cost.
      if (collectEachSample) (globalThis as { gc?: () => void }).gc?.();
      // Repeats short definitions inside one sample: a 1 ms sample is mostly the machine's noise.
      // On a shared machine a process waits for a core for much of any wall-clock sample; its CPU
      // time (all its threads: the collector's too) is what the run costs, whatever the load.
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const now = (): number => {
        if (clock === "wall") return Number(process.hrtime.bigint() - start) / 1e6;
        const { user, system } = process.cpuUsage(cpu);
        return (user + system) / 1000;
      };
      let runs = 0;
      let elapsed = 0;
      const gcBefore = gcMs;
      while (elapsed < minMs || runs === 0) {
        // The clock is read after every tenth of the runs so far, not after each run: reading the CPU
        // clock (a system call) cost as much as a fifth of a 0.05 ms run, the same absolute time for
        // both engines, so it shrank the ratio of the faster one. A sample overshoots `minMs` by at most a tenth.
        const batch = Math.max(1, Math.floor(runs / 10));
        for (let i = 0; i < batch; i++) await once();
        runs += batch;
        elapsed = now();
      }
      // The entries arrive on a later turn of the event loop (not yet after a setImmediate).
      await new Promise((resolve) => setTimeout(resolve, 20));
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      send({ type: "sample", runs, ms: elapsed, gcShare: (gcMs - gcBefore) / wallMs } satisfies Sample & {
        type: string;
      });
    })();
  });
  send({ type: "ready" });
}

/** A child process running one engine on one definition, sampled on request. */
function startChild({ engine, file, minMs, clock, collectEachSample, warmupMs }: ChildOptions) {
  const args = ["--child", engine, "--file", file, "--min-ms", String(minMs), "--clock", clock];
  args.push("--warmup-ms", String(warmupMs));
  const proc = fork(__filename, collectEachSample ? [...args, "--collect-each-sample"] : args, {
    execArgv: [...process.execArgv, "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = (type: string): Promise<Record<string, number | string>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: { type: string } & Record<string, number | string>): void => {
        if (message.type !== type) return;
        proc.off("message", onMessage);
        proc.off("exit", onExit);
        resolve(message);
      };
      const onExit = (code: number | null): void => reject(new Error(`${engine} on ${file} exited (${code})`));
      proc.on("message", onMessage);
      proc.once("exit", onExit);
    });
  return {
    ready: next("ready"),
    sample: async (): Promise<Sample> => {
      const answer = next("sample");
      proc.send("sample");
      const { runs, ms, gcShare } = await answer;
      return { runs: Number(runs), ms: Number(ms), gcShare: Number(gcShare) };
    },
    finish: async (): Promise<{ counted: number; events: number; output: string; maxRssKb: number }> => {
      const answer = next("facts");
      proc.send("done");
      const { counted, events, output, maxRssKb } = await answer;
      return { counted: Number(counted), events: Number(events), output: String(output), maxRssKb: Number(maxRssKb) };
    },
  };
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      samples: { type: "string", default: "9" },
      processes: { type: "string", default: "3" },
      "min-ms": { type: "string", default: "200" },
      runs: { type: "string", default: "1" },
      clock: { type: "string", default: "cpu" },
      "collect-each-sample": { type: "boolean", default: false },
      "warmup-ms": { type: "string", default: "1000" },
      child: { type: "string" },
      file: { type: "string" },
    },
    allowPositionals: true,
  });
  const minMs = Number(values["min-ms"]);
  if (values.child !== undefined && values.file !== undefined)
    return child({
      engine: values.child,
      file: values.file,
      minMs,
      clock: values.clock,
      collectEachSample: values["collect-each-sample"],
      warmupMs: Number(values["warmup-ms"]),
    });
  const samples = Number(values.samples);
  const runs = Math.max(1, Number(values.runs));
  process.stdout.write(
    `${samples} samples per engine in ${values.processes} processes each after ${values["warmup-ms"]} ms of warm-up runs, each sample at least ${minMs} ms${values["collect-each-sample"] ? " from a collected heap" : ""} (${values.clock === "wall" ? "wall-clock" : "CPU"} time) of back-to-back runs, the engines alternating; ms/run is the median, spread the range of the samples around it; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n\n`,
  );
  const ratiosByRun: number[][] = [];
  for (let run = 1; run <= runs; run++) {
    if (runs > 1) process.stdout.write(`run ${run} of ${runs}\n`);
    ratiosByRun.push(
      await measure(samples, Math.max(1, Number(values.processes)), minMs, values.clock, {
        collectEachSample: values["collect-each-sample"],
        warmupMs: Number(values["warmup-ms"]),
      }),
    );
  }
  if (runs < 2) return;
  // The bench is stable when its runs agree: each definition's ratio, run by run, and the largest difference from the first.
  const lines = ["| definition | ours ÷ baseline by run | largest difference from run 1 |", "| --- | --- | ---: |"];
  for (const [i, def] of DEFS.entries()) {
    const ratios = ratiosByRun.map((r) => r[i] ?? Number.NaN);
    const first = ratios[0] ?? Number.NaN;
    const worst = Math.max(...ratios.map((r) => Math.abs(r - first) / first));
    lines.push(`| ${def.file} | ${ratios.map((r) => `${r.toFixed(1)}×`).join(", ")} | ${(worst * 100).toFixed(0)} % |`);
  }
  process.stdout.write(
    `\n${lines.join("\n")}\nload average after ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
}

/** One measurement of every definition: prints its table and returns each definition's ratio (best samples). */
async function measure(
  samples: number,
  processes: number,
  minMs: number,
  clock: string,
  child: { readonly collectEachSample: boolean; readonly warmupMs: number },
): Promise<number[]> {
  const medians: number[] = [];
  const rows: string[] = [];
  rows.push(
    `| definition | engine | median ${clock === "wall" ? "wall" : "CPU"} ms/run | spread | GC pauses | transitions/s | peak RSS MB | history events | ours ÷ baseline: best samples (pairs' median, range) |`,
  );
  rows.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const def of DEFS) {
    const perRun: Record<"ours" | "base", number[]> = { ours: [], base: [] };
    const gcShares: Record<"ours" | "base", number[]> = { ours: [], base: [] };
    const ratios: number[] = [];
    let oursFacts = { counted: 0, events: 0, output: "", maxRssKb: 0 };
    let baseFacts = oursFacts;
    for (let p = 0; p < processes; p++) {
      const options = { file: def.file, minMs, clock, ...child };
      const ours = startChild({ engine: "ours", ...options });
      const base = startChild({ engine: "aws-local-stepfunctions", ...options });
      await Promise.all([ours.ready, base.ready]);
      const share = Math.ceil((samples * (p + 1)) / processes) - Math.ceil((samples * p) / processes);
      for (let i = 0; i < share; i++) {
        // Alternating, and each pair in the other order the next time, so both see the same machine.
        const order = (ratios.length % 2 === 0 ? ["ours", "base"] : ["base", "ours"]) as ("ours" | "base")[];
        const pair: Partial<Record<"ours" | "base", number>> = {};
        for (const side of order) {
          const { runs, ms, gcShare } = await (side === "ours" ? ours : base).sample();
          gcShares[side].push(gcShare);
          pair[side] = ms / runs;
          perRun[side].push(ms / runs);
        }
        ratios.push((pair.base ?? Number.NaN) / (pair.ours ?? Number.NaN));
      }
      const facts = await Promise.all([ours.finish(), base.finish()]);
      oursFacts = { ...facts[0], maxRssKb: Math.max(oursFacts.maxRssKb, facts[0].maxRssKb) };
      baseFacts = { ...facts[1], maxRssKb: Math.max(baseFacts.maxRssKb, facts[1].maxRssKb) };
      // Same work on both sides: the engines must agree on the execution's output.
      if (!isDeepStrictEqual(JSON.parse(oursFacts.output), JSON.parse(baseFacts.output)))
        throw new Error(
          `${def.file}: the outputs differ: ours ${oursFacts.output.slice(0, 200)}, baseline ${baseFacts.output.slice(0, 200)}`,
        );
    }
    // Load on a shared machine only ever adds time: each engine's best sample is its least disturbed.
    const best = Math.min(...perRun.base) / Math.min(...perRun.ours);
    medians.push(best);
    const tps = (ms: number): number => Math.round((def.transitions / ms) * 1000);
    const spread = (xs: readonly number[]): string => {
      const m = median(xs);
      return `−${(((m - Math.min(...xs)) / m) * 100).toFixed(0)}/+${(((Math.max(...xs) - m) / m) * 100).toFixed(0)} %`;
    };
    const row = (
      engine: string,
      xs: readonly number[],
      gc: readonly number[],
      facts: { maxRssKb: number },
      events: string,
      ratio: string,
    ) =>
      `| ${def.file} | ${engine} | ${median(xs).toFixed(2)} | ${spread(xs)} | ${(median(gc) * 100).toFixed(0)} % | ${tps(median(xs)).toLocaleString("en-US")} | ${(facts.maxRssKb / 1024).toFixed(0)} | ${events} | ${ratio} |`;
    rows.push(
      row(
        "ours",
        perRun.ours,
        gcShares.ours,
        oursFacts,
        String(oursFacts.events),
        `${best.toFixed(1)}× (${median(ratios).toFixed(1)}×, ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)})`,
      ),
    );
    rows.push(row("aws-local-stepfunctions", perRun.base, gcShares.base, baseFacts, "none", "outputs equal"));
  }
  process.stdout.write(`${rows.join("\n")}\n`);
  return medians;
}

void main();
