import type { TaskInvoker } from "@/lib/asl/task-invoker";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { createRng, type Rng } from "./create-rng";
import { getExampleStateMachines, type ExampleAccount } from "./example-state-machines";
import { executeLocalJob, type LocalRunJob, type LocalRunLimits } from "@/lib/local-runs/local-run-job";
import { awsMaxHistoryEvents } from "@/lib/local-runs/local-runner";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import type { ParsedExecution, StateMachineInfo } from "@/lib/history/types";
import { createExampleInvoker } from "./example-invoker";
import { trialReminderDefinition, trialReminderName, trialReminderStateMachine } from "./trial-reminder";

/** One bundled example: its definition and its `describe-state-machine` info. */
export interface ExampleWorkflow {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly stateMachine: StateMachineInfo;
  /** Share of a batch of runs. */
  readonly weight: number;
  readonly input: (rng: Rng, startMs: number) => Record<string, unknown>;
}

const catalog = [
  ["SKU-1042", 24.5],
  ["SKU-2210", 38],
  ["SKU-3307", 189],
  ["SKU-4415", 59.99],
  ["SKU-5120", 649],
  ["SKU-6001", 6.75],
] as const;

/**
 * The bundled examples: order processing with retries and a Catch, a Map over images where
 * some fail, a Parallel fan-out of nightly reports, an Express sign-up, an ETL batch with a
 * Wait and a run-time limit, and a JSONata trial reminder with variables and a three-day Wait.
 */
export function getExampleWorkflows(account: ExampleAccount): ExampleWorkflow[] {
  const demo = getExampleStateMachines(account);
  const of = (name: keyof typeof demo) => ({
    name,
    definition: demo[name].definition as Record<string, unknown>,
    stateMachine: demo[name].stateMachine,
  });
  return [
    {
      ...of("order-processing"),
      weight: 32,
      input: (rng) => {
        const items = Array.from({ length: rng.int(1, 3) }, () => {
          const [sku, unitPrice] = rng.pick(catalog);
          return { sku, qty: rng.int(1, 2), unitPrice };
        });
        const amount = Math.round(items.reduce((sum, i) => sum + i.qty * i.unitPrice, 0) * 100) / 100;
        return {
          orderId: `ORD-${rng.int(100000, 999999)}`,
          customerId: `cus_${rng.hex(14)}`,
          items,
          amount,
          currency: "USD",
        };
      },
    },
    {
      ...of("user-signup"),
      weight: 26,
      input: (rng) => ({
        email: `user${rng.int(1000, 99999)}@example.com`,
        plan: rng.weighted([
          ["free", 70],
          ["pro", 25],
          ["enterprise", 5],
        ] as const),
        source: rng.pick(["web", "ios", "android"]),
      }),
    },
    {
      ...of("image-pipeline"),
      weight: 14,
      input: (rng, startMs) => ({
        bucket: "media-uploads",
        prefix: `uploads/${new Date(startMs).toISOString().slice(0, 10)}/${rng.hex(4)}/`,
      }),
    },
    {
      ...of("etl-batch"),
      weight: 9,
      input: (_rng, startMs) => ({
        batchDate: new Date(startMs - 86_400_000).toISOString().slice(0, 10),
        source: "orders-db",
      }),
    },
    {
      ...of("nightly-report"),
      weight: 8,
      input: (_rng, startMs) => ({ reportDate: new Date(startMs).toISOString().slice(0, 10) }),
    },
    {
      name: trialReminderName,
      definition: trialReminderDefinition(account),
      stateMachine: trialReminderStateMachine(account),
      weight: 11,
      input: (rng) => ({ accountId: `acct-${rng.hex(8)}`, plan: rng.pick(["pro", "team"]) }),
    },
  ];
}

export interface ExampleRunOptions {
  /** Same seed (and options) → the same executions. */
  readonly seed: number;
  readonly count: number;
  /** Executions start in the 14 days before this; what would happen after it is not yet (RUNNING). */
  readonly now: Date;
  readonly region?: string;
  readonly accountId?: string;
}

const spanMs = 14 * 86_400_000;
/** AWS's history quota; the wall-clock and memory limits are the isolated runner's (examples run in-process). */
const exampleLimits: LocalRunLimits = { maxEvents: awsMaxHistoryEvents, wallMs: 60_000, memoryMb: 256 };

/**
 * Runs the bundled examples `count` times in the interpreter, each on a virtual clock
 * starting at its own time in the last 14 days, with the examples' task handlers — the demo
 * data is Stepscope's own interpreter's output. An execution still going at `now` (a long
 * Wait, a slow job) is cut there and stays RUNNING. One in a hundred is stopped midway
 * (ABORTED); every eighth ETL batch runs past its one-hour `TimeoutSeconds` (TIMED_OUT).
 */
export async function runExampleExecutions(options: ExampleRunOptions): Promise<ParsedExecution[]> {
  const account: ExampleAccount = {
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? "123456789012",
  };
  const workflows = getExampleWorkflows(account);
  const definitions = new Map(
    workflows.map((w) => {
      const checked = validateDefinition(w.definition);
      if (!checked.ok)
        throw new Error(`example ${w.name}: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
      return [w.name, checked.definition];
    }),
  );
  const rng = createRng(options.seed);
  const nowMs = options.now.getTime();
  const runs: ParsedExecution[] = [];
  let etlRuns = 0;
  for (let i = 0; i < options.count; i += 1) {
    const workflow = rng.weighted(workflows.map((w) => [w, w.weight] as const));
    const execRng = createRng(rng.int(0, 0xffffffff));
    const startMs = Math.floor(nowMs - execRng.next() * spanMs);
    const name = execRng.uuid();
    const signal = { aborted: false };
    const aborted = execRng.chance(0.01);
    // Every eighth ETL batch left to end (the 3rd, 11th, …) waits on a Glue job past the state
    // machine's TimeoutSeconds, so any seed with a few ETL runs holds a TIMED_OUT execution.
    const overrides = workflow.name === "etl-batch" && !aborted && etlRuns++ % 8 === 2 ? { glueSlow: true } : {};
    const invoker = aborted
      ? abortAfter(createExampleInvoker(execRng, overrides), 2, signal)
      : createExampleInvoker(execRng, overrides);
    // The bundled examples are trusted and many: they run in this thread (no worker per run),
    // with the examples' handlers and seeded randomness as ports.
    const job: LocalRunJob = {
      definition: definitions.get(workflow.name)!,
      input: JSON.stringify(workflow.input(execRng, startMs)),
      stateMachineName: workflow.name,
      executionName: name,
      region: account.region,
      accountId: account.accountId,
      ...(workflow.stateMachine.roleArn ? { roleArn: workflow.stateMachine.roleArn } : {}),
      startMs,
      invokers: [],
      limits: exampleLimits,
    };
    const { result } = await executeLocalJob(job, {
      invoker,
      random: { random: () => execRng.next(), uuid: () => execRng.uuid() },
      signal,
    });
    const events = result.events.filter((e) => Date.parse(e.timestamp) <= nowMs);
    const finished = events.length === result.events.length;
    const bundle = {
      execution: {
        executionArn: result.executionArn,
        stateMachineArn: workflow.stateMachine.stateMachineArn,
        name,
        status: finished ? result.status : "RUNNING",
        startDate: events[0]?.timestamp,
        ...(finished ? { stopDate: events.at(-1)?.timestamp } : {}),
        ...(finished && result.output !== undefined ? { output: result.output } : {}),
        ...(finished && result.error !== undefined ? { error: result.error } : {}),
        ...(finished && result.cause !== undefined ? { cause: result.cause } : {}),
      },
      stateMachine: workflow.stateMachine,
      events,
    };
    const [parsed] = parseHistoryFile(JSON.stringify(bundle), { fileName: `${workflow.name}-${name}.json` });
    if (parsed === undefined) throw new Error(`example ${workflow.name}: the history did not parse`);
    runs.push(parsed);
  }
  return runs.sort((a, b) => Date.parse(a.events[0]?.timestamp ?? "") - Date.parse(b.events[0]?.timestamp ?? ""));
}

/** Stops the execution (as StopExecution would) once `after` tasks have been answered. */
function abortAfter(invoker: TaskInvoker, after: number, signal: { aborted: boolean }): TaskInvoker {
  let answered = 0;
  return {
    async invoke(invocation) {
      const outcome = await invoker.invoke(invocation);
      answered += 1;
      if (answered >= after) signal.aborted = true;
      return outcome;
    },
  };
}
