import type { ExecutionIdentity, ExecutionStatus, ParsedExecution } from "@/lib/history/types";
import { drawDemoPlan, scenarioFor, type DemoPlan } from "./demo-plan";
import { createRng, type Rng } from "./prng";
import { simulateExecution } from "./simulate-execution";
import { getDemoWorkflows, type DemoAccount, type DemoWorkflow } from "./workflows";

/** Settings for {@link generateDemoExecutions}. */
export interface DemoExecutionsOptions {
  /** Same seed (and other options) → identical output. */
  readonly seed: number;
  /** How many executions. */
  readonly count: number;
  /** Executions start in the 14 days before this instant; no event is later than it. */
  readonly now: Date;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `123456789012`. */
  readonly accountId?: string;
}

/** One generated execution with what it was meant to show (for tests and seeding). */
export interface DemoRun {
  readonly execution: ParsedExecution;
  readonly plan: DemoPlan;
  /** The status the history's terminal event says (RUNNING: no terminal event). */
  readonly expectedStatus: ExecutionStatus;
  /** `error` of the terminal event, if any. */
  readonly expectedError: string | null;
}

const dayMs = 86_400_000;
const spanMs = 14 * dayMs;

/** At `count` ≥ this, the mix always holds two RUNNING, one TIMED_OUT and one ABORTED execution. */
export const forcedOutcomesFromCount = 10;

/**
 * Generates `count` realistic executions of the demo workflows (see `workflows.ts`),
 * deterministic in `seed`, oldest first. Mostly successes; failures with retries, catches,
 * failed Map iterations and Parallel branches; and from {@link forcedOutcomesFromCount}
 * executions on, the two newest are RUNNING, one is TIMED_OUT and one ABORTED.
 */
export function generateDemoExecutions(options: DemoExecutionsOptions): ParsedExecution[] {
  return generateDemoRuns(options).map((run) => run.execution);
}

/** {@link generateDemoExecutions} with each execution's plan and intended outcome. */
export function generateDemoRuns(options: DemoExecutionsOptions): DemoRun[] {
  const account: DemoAccount = { region: options.region ?? "us-east-1", accountId: options.accountId ?? "123456789012" };
  const workflows = getDemoWorkflows(account);
  const nowMs = options.now.getTime();
  const rng = createRng(options.seed);
  const slots = Array.from({ length: options.count }, () => {
    const plan = drawDemoPlan(rng);
    return { plan, startMs: startTime(rng, plan, nowMs), running: false, seed: rng.int(0, 0xffffffff) };
  });
  spreadNightlyRuns(slots, nowMs);
  slots.sort((a, b) => a.startMs - b.startMs);
  if (options.count >= forcedOutcomesFromCount) {
    const older = slots.length - 2;
    const timedOut = rng.int(0, older - 1);
    const aborted = (timedOut + rng.int(1, older - 1)) % older;
    slots[timedOut] = { ...at(slots, timedOut), plan: { workflow: "etl-batch", scenario: "timed-out" } };
    slots[aborted] = { ...at(slots, aborted), plan: { workflow: "image-pipeline", scenario: "stopped" } };
    slots[older] = { ...at(slots, older), plan: { workflow: "etl-batch", scenario: "success" }, running: true };
    slots[older + 1] = { ...at(slots, older + 1), plan: { workflow: "image-pipeline", scenario: "success", itemCount: 40 }, running: true };
  }
  return slots
    .map((slot) => {
      const workflow = workflows[slot.plan.workflow];
      const execRng = createRng(slot.seed);
      const sim = simulateExecution({
        rng: execRng,
        region: account.region,
        accountId: account.accountId,
        roleArn: workflow.stateMachine.roleArn ?? "",
        startMs: slot.startMs,
        plan: scenarioFor(slot.plan),
      });
      let startMs = slot.startMs;
      let cutoffMs: number | undefined;
      if (slot.running) {
        startMs = nowMs - Math.round(sim.durationMs * (0.3 + 0.4 * execRng.next()));
        cutoffMs = nowMs - startMs;
      } else if (startMs + sim.durationMs > nowMs - 1000) {
        startMs = nowMs - sim.durationMs - execRng.int(1000, 60_000);
      }
      const events = sim.build(startMs, cutoffMs);
      const run: DemoRun = {
        execution: { identity: identityFor(execRng, workflow, account, slot.plan, startMs), stateMachine: workflow.stateMachine, events },
        plan: slot.plan,
        expectedStatus: slot.running ? "RUNNING" : sim.end.status,
        expectedError: slot.running || sim.end.status === "SUCCEEDED" ? null : sim.end.error,
      };
      return { run, startMs };
    })
    .sort((a, b) => a.startMs - b.startMs)
    .map(({ run }) => run);
}

/** A nightly job runs once a night: move a second run of the same night to a free night, or drop it to an order. */
function spreadNightlyRuns(slots: { plan: DemoPlan; startMs: number }[], nowMs: number): void {
  const used = new Set<number>();
  for (const slot of slots) {
    if (slot.plan.workflow !== "nightly-report") continue;
    let day = Math.floor(slot.startMs / dayMs);
    const oldest = Math.floor((nowMs - spanMs) / dayMs);
    while (used.has(day) && day >= oldest) day -= 1;
    if (day < oldest) {
      slot.plan = { workflow: "order-processing", scenario: "success" };
      continue;
    }
    used.add(day);
    slot.startMs += (day - Math.floor(slot.startMs / dayMs)) * dayMs;
  }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

/** Denser recently: the age is `span * u²`. The nightly report runs at 02:00 UTC. */
function startTime(rng: Rng, plan: DemoPlan, nowMs: number): number {
  const u = rng.next();
  const start = Math.round(nowMs - spanMs * u * u) - 3_600_000;
  if (plan.workflow !== "nightly-report") return start;
  let nightly = Math.floor(start / dayMs) * dayMs + 2 * 3_600_000 + rng.int(0, 1500);
  if (nightly > nowMs - 3_600_000) nightly -= dayMs;
  return nightly;
}

function identityFor(rng: Rng, workflow: DemoWorkflow, account: DemoAccount, plan: DemoPlan, startMs: number): ExecutionIdentity {
  const day = new Date(startMs).toISOString().slice(0, 10);
  const name =
    plan.workflow === "nightly-report"
      ? `nightly-${day}-${rng.hex(6)}`
      : plan.workflow === "etl-batch"
        ? `etl-${day}-${rng.hex(8)}`
        : rng.uuid();
  const prefix = `arn:aws:states:${account.region}:${account.accountId}`;
  const executionArn =
    workflow.type === "EXPRESS"
      ? `${prefix}:express:${workflow.name}:${name}:${rng.uuid()}`
      : `${prefix}:execution:${workflow.name}:${name}`;
  return {
    executionArn,
    stateMachineArn: workflow.stateMachine.stateMachineArn,
    name,
    stateMachineName: workflow.name,
    type: workflow.type,
    region: account.region,
    accountId: account.accountId,
    described: null,
  };
}
