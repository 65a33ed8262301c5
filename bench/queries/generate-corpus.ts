import { getDurationBucket } from "../../lib/analytics/duration-bucket";
import { getFailureSignature } from "../../lib/analytics/failure-signature";
import { billedDurationMs, billedMemoryMb, estimateExpressMemoryMb } from "../../lib/cost/estimate-express";

/** A small deterministic PRNG (mulberry32), so every run loads the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Machine {
  readonly id: number;
  readonly name: string;
  readonly arn: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly sourceId: number;
  readonly account: string;
  readonly region: string;
  readonly states: readonly string[];
  /** Relative share of executions. */
  readonly weight: number;
}

const REGIONS = ["us-east-1", "eu-west-3", "sa-east-1"] as const;
const ACCOUNTS = ["111122223333", "444455556666"] as const;
const NAMES = [
  "orders",
  "payments",
  "shipping",
  "refunds",
  "signup",
  "etl-nightly",
  "reports",
  "image-resize",
  "notify",
  "billing",
];
const FAILURES = [
  {
    error: "Payment.Declined",
    cause: (r: () => number) =>
      `{"errorType":"Payment.Declined","errorMessage":"Card declined for order o-${Math.floor(r() * 1e6)}","requestId":"${uuid(r)}"}`,
  },
  {
    error: "Lambda.ServiceException",
    cause: (r: () => number) =>
      `Lambda is unable to process the request at this time. (Service: Lambda, Status Code: 500, Request ID: ${uuid(r)})`,
  },
  {
    error: "States.TaskFailed",
    cause: (r: () => number) =>
      `worker crashed at step ${Math.floor(r() * 40)} on arn:aws:ecs:us-east-1:111122223333:task/c/${uuid(r)}`,
  },
  {
    error: "Lambda.TooManyRequestsException",
    cause: (r: () => number) => `Rate Exceeded. (Service: Lambda, Status Code: 429, Request ID: ${uuid(r)})`,
  },
] as const;

function uuid(r: () => number): string {
  const h = () =>
    Math.floor(r() * 0x10000)
      .toString(16)
      .padStart(4, "0");
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
}

/** 40 state machines over 3 sources, 2 accounts and 3 regions; one in five Express. */
export function buildMachines(): Machine[] {
  const r = prng(7);
  return Array.from({ length: 40 }, (_, i) => {
    const name = `${NAMES[i % NAMES.length]}-${Math.floor(i / NAMES.length) + 1}`;
    const account = ACCOUNTS[i % 2]!;
    const region = REGIONS[i % 3]!;
    return {
      id: i + 1,
      name,
      type: i % 5 === 4 ? "EXPRESS" : "STANDARD",
      sourceId: (i % 3) + 1,
      account,
      region,
      arn: `arn:aws:states:${region}:${account}:stateMachine:${name}`,
      states: Array.from(
        { length: 8 },
        (_, k) => `${["Validate", "Charge", "Reserve", "Ship", "Notify", "Transform", "Load", "Publish"][k]}`,
      ),
      weight: 0.2 + r() * 2,
    };
  });
}

export interface GeneratedExecution {
  readonly id: number;
  readonly machine: Machine;
  readonly startMs: number;
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "RUNNING";
  readonly durationMs: number | null;
  readonly tasks: number;
  readonly eventCount: number;
  /** Retries per task index (0 = none). */
  readonly retriesAt: ReadonlyMap<number, number>;
  readonly failedAt: number | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly signature: string | null;
  readonly normalizedCause: string | null;
  readonly billableTransitions: number;
}

/**
 * Executions over the 90 days before `now`, busier on weekdays and in daytime: mostly
 * 2–8 Task states (12–42 events), ~5% with retries, 7% failed, 1.5% timed out, 1%
 * aborted, the last hour's partly still running; `giants` of them between 20,000 and
 * 24,990 events (near AWS's limit).
 */
export function* generateExecutions(
  count: number,
  now: number,
  machines: readonly Machine[],
  giants: number,
): Generator<GeneratedExecution> {
  const r = prng(42);
  const totalWeight = machines.reduce((s, m) => s + m.weight, 0);
  const span = 90 * 86_400_000;
  for (let id = 1; id <= count; id++) {
    let pick = r() * totalWeight;
    const machine = machines.find((m) => (pick -= m.weight) <= 0) ?? machines[0]!;
    // Later executions are more frequent (growth), daytime hours busier.
    let startMs = now - span * (1 - Math.sqrt(r()));
    const hour = new Date(startMs).getUTCHours();
    if ((hour < 6 || hour > 20) && r() < 0.5) startMs -= 8 * 3_600_000 * r();
    startMs = Math.min(startMs, now - 1000);
    const giant = id % Math.floor(count / Math.max(giants, 1)) === 0 && giants > 0;
    const u = r();
    const tasks = giant ? 4_000 + Math.floor(r() * 998) : u < 0.5 ? 2 : u < 0.8 ? 4 : u < 0.95 ? 6 : 8;
    const retriesAt = new Map<number, number>();
    if (r() < 0.05) retriesAt.set(Math.floor(r() * Math.min(tasks, 8)), 1 + Math.floor(r() * 3));
    const s = r();
    let status: GeneratedExecution["status"] =
      s < 0.07 ? "FAILED" : s < 0.085 ? "TIMED_OUT" : s < 0.095 ? "ABORTED" : "SUCCEEDED";
    const base = machine.type === "EXPRESS" ? 80 + r() * 900 : 300 + Math.exp(r() * 9);
    const durationMs = Math.round(base * tasks * (0.5 + r()));
    if (startMs + durationMs > now) status = "RUNNING";
    const failedAt = status === "FAILED" || status === "TIMED_OUT" ? Math.floor(r() * Math.min(tasks, 8)) : null;
    const failure = status === "FAILED" ? FAILURES[Math.floor(r() * r() * FAILURES.length)]! : null;
    const error = status === "TIMED_OUT" ? "States.Timeout" : (failure?.error ?? null);
    const cause = failure ? failure.cause(r) : null;
    const rootState = failedAt === null ? null : machine.states[failedAt % machine.states.length]!;
    const signed =
      error !== null
        ? getFailureSignature({ stateMachine: machine.arn, rootCauseState: rootState, error, cause })
        : null;
    const runTasks = failedAt === null ? tasks : failedAt + 1;
    for (const k of [...retriesAt.keys()]) if (k >= runTasks) retriesAt.delete(k);
    const retries = [...retriesAt.values()].reduce((a, b) => a + b, 0);
    // ExecutionStarted; 5 per task (4 for the failing one: no exit); 3 per retry; the end unless running.
    const eventCount = 1 + runTasks * 5 - (failedAt === null ? 0 : 1) + retries * 3 + (status === "RUNNING" ? 0 : 1);
    yield {
      id,
      machine,
      startMs,
      status,
      durationMs: status === "RUNNING" ? null : durationMs,
      tasks: runTasks,
      eventCount,
      retriesAt,
      failedAt,
      error,
      cause,
      signature: signed?.signature ?? null,
      normalizedCause: signed?.normalizedCause ?? null,
      billableTransitions: runTasks + retries,
    };
  }
}

/** Billed MB·ms of an execution as the ingest path computes it (no definition stored: 50 MB → 64 MB). */
export function billedMbMs(e: GeneratedExecution): number {
  if (e.durationMs === null) return 0;
  return (
    billedDurationMs(e.durationMs) *
    billedMemoryMb(estimateExpressMemoryMb({ definitionBytes: 0, dataBytes: 64, mapOrParallelSteps: 0 }))
  );
}

export { getDurationBucket };

/**
 * An execution's input, order-shaped as the query-language cases read it
 * (`input.order.customerId`, `input.order.amount` 0–1,000, `input.items[0].sku`, `input.priority`
 * "high" one in ten), from a generator of its own seeded by the id, so adding it left every
 * other figure of the corpus as it was.
 */
export function orderInput(id: number): string {
  const r = prng(id * 2_654_435_761);
  return JSON.stringify({
    order: { id: `o-${id}`, amount: Math.round(r() * 100_000) / 100, customerId: `c-${Math.floor(r() * 5000)}` },
    items: [{ sku: `SKU-${Math.floor(r() * 200)}`, qty: 1 + Math.floor(r() * 3) }],
    priority: r() < 0.1 ? "high" : "low",
  });
}
