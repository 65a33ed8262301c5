import { randomUUID } from "node:crypto";
import { createVirtualClock, type Clock } from "@/lib/asl/clock";
import { executeStateMachine, type ExecutionResult } from "@/lib/asl/execute-state-machine";
import { maxDurationOf, type StateMachineType } from "@/lib/asl/express/express-execution";
import type { RandomPort } from "@/lib/asl/intrinsics";
import type { MapRunPort } from "@/lib/asl/states/map-run-port";
import { createMockConfigInvoker, type MockConfig } from "@/lib/asl/mock-config-invoker";
import { createRecordedHistoryInvoker } from "@/lib/asl/recorded-history-invoker";
import { createS3ObjectInvoker } from "@/lib/asl/s3-object-invoker";
import { chainInvokers, type TaskInvoker } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import { createRealClock } from "./real-clock";
import { createS3FolderSource } from "./s3-folder-source";

/** Where a run's Task states get their answers, in order (plain data, so a job crosses into the run's own process). */
export type InvokerSpec =
  | {
      readonly kind: "mock-config";
      readonly config: MockConfig;
      readonly stateMachineName: string;
      readonly testCase: string;
    }
  | { readonly kind: "recorded-history"; readonly events: readonly AslHistoryEvent[] }
  | { readonly kind: "s3-folder"; readonly dir: string };

/** The limits of one local run. */
export interface LocalRunLimits {
  /** State transitions before the execution fails with `States.Runtime`; unlimited when absent. */
  readonly maxTransitions?: number;
  /** Events in the history (AWS: 25,000); the execution fails at the limit as AWS's does. */
  readonly maxEvents: number;
  /** Wall-clock time of the run, in ms: at it the run is stopped from outside (its process is killed). */
  readonly wallMs: number;
  /** Heap of the run's process, in MB (`--max-old-space-size`). */
  readonly memoryMb: number;
  /** The longest the execution may run on its clock before it times out (`States.Timeout`); default AWS's year of a Standard execution (an Express one: 5 minutes). */
  readonly maxDurationMs?: number;
}

/** Everything one local run needs, as plain data. */
export interface LocalRunJob {
  readonly definition: StateMachineDefinition;
  /** The execution input as JSON text (not used by a redrive). */
  readonly input?: string;
  readonly stateMachineName: string;
  readonly executionName: string;
  /** `EXPRESS`: an Express execution (its ARN ends in `executionId`, it times out after 5 minutes); default Standard. */
  readonly type?: StateMachineType;
  readonly executionId?: string;
  /** The AWS partition, region and account in the run's ARNs (a replay keeps its original's). */
  readonly partition?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly roleArn?: string;
  /** Start of the virtual clock (epoch ms); with `realTime` the wall clock is used. */
  readonly startMs: number;
  readonly realTime?: boolean;
  /** A redrive continues this history. */
  readonly redriveFrom?: readonly AslHistoryEvent[];
  /** Follow AWS as it behaved on this day (`YYYY-MM-DD`, see `awsBehaviourAsOf`); default today's. */
  readonly awsBehaviourAsOf?: string;
  /** Answer Task states; none leaves every Task unresolved (it fails with `States.TaskFailed`). */
  readonly invokers: readonly InvokerSpec[];
  readonly limits: LocalRunLimits;
}

/** What a local run produced. */
export interface LocalRunOutcome {
  readonly result: ExecutionResult;
  /** Task states no invoker answered, in the order they asked. */
  readonly unresolvedTasks: readonly string[];
}

/** Ports a trusted caller (the bundled examples, the Step Functions endpoint) may give instead of the job's: seeded randomness, its own handlers, a stop signal, a clock, a live view of the events. */
export interface LocalRunPorts {
  readonly invoker?: TaskInvoker;
  readonly random?: RandomPort;
  readonly signal?: { readonly aborted: boolean };
  readonly clock?: Clock;
  readonly onEvent?: (event: AslHistoryEvent) => void;
  readonly mapRunPort?: MapRunPort;
}

const unresolved: TaskInvoker = { invoke: () => Promise.resolve(null) };

function invokerOf(spec: InvokerSpec): TaskInvoker {
  switch (spec.kind) {
    case "mock-config":
      return createMockConfigInvoker(spec.config, spec.stateMachineName, spec.testCase);
    case "recorded-history":
      return createRecordedHistoryInvoker(spec.events);
    case "s3-folder":
      return createS3ObjectInvoker(createS3FolderSource(spec.dir));
  }
}

/**
 * Runs a job in this thread with the interpreter: its invokers chained, its transition and
 * history limits, and a stop at its wall-clock limit (effective only while the run yields;
 * `runLocalJobIsolated` enforces it from outside).
 */
export async function executeLocalJob(job: LocalRunJob, ports: LocalRunPorts = {}): Promise<LocalRunOutcome> {
  const unresolvedTasks: string[] = [];
  const chained =
    ports.invoker ?? (job.invokers.length === 0 ? unresolved : chainInvokers(...job.invokers.map(invokerOf)));
  const invoker: TaskInvoker = {
    async invoke(invocation) {
      const outcome = await chained.invoke(invocation);
      if (outcome === null) unresolvedTasks.push(invocation.stateName);
      return outcome;
    },
  };
  const result = await executeStateMachine({
    definition: job.definition,
    ...(job.input === undefined ? {} : { input: job.input }),
    stateMachineName: job.stateMachineName,
    executionName: job.executionName,
    ...(job.type === undefined ? {} : { type: job.type }),
    ...(job.executionId === undefined ? {} : { executionId: job.executionId }),
    ...(job.partition === undefined ? {} : { partition: job.partition }),
    ...(job.region === undefined ? {} : { region: job.region }),
    ...(job.accountId === undefined ? {} : { accountId: job.accountId }),
    ...(job.roleArn === undefined ? {} : { roleArn: job.roleArn }),
    ...(job.redriveFrom === undefined ? {} : { redriveFrom: job.redriveFrom }),
    ...(job.awsBehaviourAsOf === undefined ? {} : { awsBehaviourAsOf: job.awsBehaviourAsOf }),
    clock: ports.clock ?? (job.realTime === true ? createRealClock() : createVirtualClock(job.startMs)),
    invoker,
    random: ports.random ?? { random: Math.random, uuid: randomUUID },
    signal: ports.signal ?? AbortSignal.timeout(job.limits.wallMs),
    ...(job.limits.maxTransitions === undefined ? {} : { maxTransitions: job.limits.maxTransitions }),
    maxEvents: job.limits.maxEvents,
    maxDurationMs: job.limits.maxDurationMs ?? maxDurationOf(job.type),
    ...(ports.onEvent === undefined ? {} : { onEvent: ports.onEvent }),
    ...(ports.mapRunPort === undefined ? {} : { mapRunPort: ports.mapRunPort }),
  });
  return { result, unresolvedTasks };
}
