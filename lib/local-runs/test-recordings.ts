import type { MockConfig } from "@/lib/asl/mock-config-invoker";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import { compareReplay, type ReplayComparison } from "@/lib/execution-view/compare-replay";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { isExpressExecutionArn } from "@/lib/asl/express/express-execution";
import { expressReplayGaps } from "@/lib/asl/express/express-replay-gaps";
import type { InvokerSpec, LocalRunJob, LocalRunLimits } from "./local-run-job";
import { runLocal, type LocalRunStore } from "./local-runner";
import { mapInOrder } from "./map-in-order";
import { ReplayPool } from "./replay-pool";

/** A recorded execution to replay: from a history file, a bundle or the store. */
export interface RecordingUnderTest {
  /** What named it on the command line or in the request (a file path or an execution ARN). */
  readonly origin: string;
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** The recorded input; null when the history holds none. */
  readonly input: string | null;
  readonly inputTruncated: boolean;
  readonly events: readonly AslHistoryEvent[];
}

/** Options of {@link testRecordings}. */
export interface TestRecordingsOptions {
  /** The definition every recording is replayed against. */
  readonly definition: StateMachineDefinition;
  /** Answers Tasks the recording never ran: test case `testCase` (default: the execution's name) of `StateMachines.<stateMachineName>` (default: the execution's state machine name). */
  readonly mockConfig?: {
    readonly config: MockConfig;
    readonly stateMachineName?: string;
    readonly testCase?: string;
  };
  readonly limits: LocalRunLimits;
  /**
   * `batch` (the default when nothing is stored): child processes as many as cores, each running
   * replay after replay (see {@link ReplayPool}); `process-per-replay` (the default with `store`):
   * a child process per replay, through the one local runner. Both enforce `limits` per replay.
   */
  readonly isolation?: "batch" | "process-per-replay";
  /** Replays at once: child processes of the batch (default: the cores), or processes per replay (the runner allows 4; default 4). */
  readonly concurrency?: number;
  /** Keep a loaded child process for the next replay (default true; `process-per-replay` only). */
  readonly keepSpare?: boolean;
  /** Where and how to store each replay (the web stores them, as local replays of the original); absent: not stored. */
  readonly store?: (recording: RecordingUnderTest) => LocalRunStore;
}

/** What replaying one recording produced: a comparison, or why it could not be replayed. */
export type RecordingTestResult =
  | {
      readonly type: "compared";
      readonly recording: RecordingUnderTest;
      readonly comparison: ReplayComparison;
      /** The replay's ARN (stored when `store` was given). */
      readonly replayArn: string;
      readonly replay: Pick<ExecutionResult, "status" | "error" | "cause">;
      /** Task states neither the recording nor the mock config answered. */
      readonly unresolvedTasks: readonly string[];
      /** Wall-clock time of the replay, ms (a process per replay: its start included). */
      readonly wallMs: number;
    }
  | { readonly type: "not-replayed"; readonly recording: RecordingUnderTest; readonly reason: string };

const stateMachineArnPattern = /^arn:([^:]+):states:([^:]+):(\d{12}):stateMachine:([^:]+)$/;

/**
 * Replays each recording against `definition` within `limits`, its Task states answered attempt
 * by attempt from the recording's own results, then from the mock config; a Task neither answers
 * fails with `States.TaskFailed` ("No task resolution for state '…'"). Each replay keeps the
 * recording's identity (partition, region, account, state machine name, execution name) and is
 * compared with the recording (see {@link compareReplay}). Results come back in the recordings' order.
 */
export async function testRecordings(
  recordings: readonly RecordingUnderTest[],
  options: TestRecordingsOptions,
): Promise<RecordingTestResult[]> {
  const results: RecordingTestResult[] = [];
  await streamRecordingTests(recordings, options, (result) => results.push(result));
  return results;
}

/**
 * {@link testRecordings} over a stream of recordings (pages read from the store as replays
 * run): `onResult` gets each result in the stream's order, and memory holds a bounded window
 * of recordings, not the stream. Returns how many were tested.
 */
export async function streamRecordingTests(
  recordings: AsyncIterable<RecordingUnderTest> | Iterable<RecordingUnderTest>,
  options: TestRecordingsOptions,
  onResult: (result: RecordingTestResult, index: number) => void,
): Promise<number> {
  const batch = (options.isolation ?? (options.store === undefined ? "batch" : "process-per-replay")) === "batch";
  if (batch && options.store !== undefined) throw new Error("a batch of replays stores nothing: give no store");
  const pool = batch ? new ReplayPool({ memoryMb: options.limits.memoryMb, ...sizeOf(options.concurrency) }) : null;
  // The batch's children each have the next replay ready to take.
  const concurrency = pool === null ? Math.max(1, options.concurrency ?? 4) : 2 * pool.size;
  try {
    return await mapInOrder(
      recordings,
      (recording) => (pool === null ? testOne(recording, options) : testInBatch(pool, recording, options)),
      onResult,
      { concurrency, window: Math.max(64, 4 * concurrency) },
    );
  } finally {
    pool?.close();
  }
}

const sizeOf = (concurrency: number | undefined) =>
  concurrency === undefined ? {} : { size: Math.max(1, concurrency) };

/** The job that replays `recording`, or why it cannot be replayed. */
export function replayJobOf(
  recording: RecordingUnderTest,
  options: TestRecordingsOptions,
  executionName: string,
): { readonly job: LocalRunJob } | { readonly reason: string } {
  // An Express execution's history is its log records: what its logging configuration left out cannot be replayed.
  const express = isExpressExecutionArn(recording.executionArn);
  const gaps = express ? expressReplayGaps(recording.events) : [];
  if (gaps.length > 0) return { reason: gaps.join("; ") };
  if (recording.input === null || recording.inputTruncated)
    return { reason: `its recorded input is ${recording.input === null ? "missing" : "truncated"}` };
  const invokers: InvokerSpec[] = [{ kind: "recorded-history", events: recording.events }];
  const mock = options.mockConfig;
  if (mock !== undefined)
    invokers.push({
      kind: "mock-config",
      config: mock.config,
      stateMachineName: mock.stateMachineName ?? recording.stateMachineName,
      testCase: mock.testCase ?? recording.name,
    });
  const match = stateMachineArnPattern.exec(recording.stateMachineArn);
  const started = recording.events[0]?.["executionStartedEventDetails"];
  const roleArn = typeof started?.["roleArn"] === "string" ? started["roleArn"] : undefined;
  return {
    job: {
      definition: options.definition,
      input: recording.input,
      stateMachineName: recording.stateMachineName,
      executionName,
      // An Express recording replays as Express (its ARN's form, its 5-minute limit).
      ...(express ? { type: "EXPRESS" as const, executionId: globalThis.crypto.randomUUID() } : {}),
      ...(match === null ? {} : { partition: match[1]!, region: match[2]!, accountId: match[3]! }),
      ...(roleArn === undefined ? {} : { roleArn }),
      // The replay starts when the recording did: timestamps (and `$$.Execution.StartTime`) match.
      startMs: startOf(recording.events),
      invokers,
      limits: options.limits,
    },
  };
}

async function testInBatch(
  pool: ReplayPool,
  recording: RecordingUnderTest,
  options: TestRecordingsOptions,
): Promise<RecordingTestResult> {
  const prepared = replayJobOf(recording, options, recording.name);
  if ("reason" in prepared) return { type: "not-replayed", recording, reason: prepared.reason };
  const { result, comparison, unresolvedTasks, wallMs } = await pool.replay(prepared.job).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`the interpreter could not replay ${recording.executionArn}: ${message}`);
  });
  return {
    type: "compared",
    recording,
    comparison,
    replayArn: result.executionArn,
    replay: {
      status: result.status,
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    },
    unresolvedTasks,
    wallMs: Math.round(wallMs),
  };
}

async function testOne(recording: RecordingUnderTest, options: TestRecordingsOptions): Promise<RecordingTestResult> {
  const store = options.store?.(recording);
  const prepared = replayJobOf(recording, options, store?.name ?? recording.name);
  if ("reason" in prepared) return { type: "not-replayed", recording, reason: prepared.reason };
  const began = Date.now();
  const { result, unresolvedTasks } = await runLocal({
    prepare: () => prepared.job,
    keepSpare: options.keepSpare !== false,
    ...(store === undefined ? {} : { store }),
    failureMessage: (message) => `the interpreter could not replay ${recording.executionArn}: ${message}`,
  });
  return {
    type: "compared",
    recording,
    comparison: compareReplay(recording.events, result.events),
    replayArn: result.executionArn,
    replay: {
      status: result.status,
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    },
    unresolvedTasks,
    wallMs: Date.now() - began,
  };
}

function startOf(events: readonly AslHistoryEvent[]): number {
  const ms = Date.parse(events[0]?.timestamp ?? "");
  return Number.isFinite(ms) ? ms : Date.now();
}
