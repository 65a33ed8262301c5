import type { MockConfig } from "@/lib/asl/mock-config-invoker";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import { compareReplay, type ReplayComparison } from "@/lib/execution-view/compare-replay";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { isExpressExecutionArn } from "@/lib/asl/express/express-execution";
import { expressReplayGaps } from "@/lib/asl/express/express-replay-gaps";
import type { InvokerSpec, LocalRunLimits } from "./local-run-job";
import { runLocal, type LocalRunStore } from "./local-runner";

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
  /** Replays at once (each in its own child process; the runner allows 4). Default 4. */
  readonly concurrency?: number;
  /** Keep a loaded child process for the next replay (default true). */
  readonly keepSpare?: boolean;
  /** Where and how to store each replay (the web stores them, as local replays of the original); absent: not stored. */
  readonly store?: (recording: RecordingUnderTest) => LocalRunStore;
  /** Called as each replay ends, in the order they end. */
  readonly onResult?: (result: RecordingTestResult, index: number) => void;
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
      /** Wall-clock time of the replay (its process included), ms. */
      readonly wallMs: number;
    }
  | { readonly type: "not-replayed"; readonly recording: RecordingUnderTest; readonly reason: string };

const stateMachineArnPattern = /^arn:([^:]+):states:([^:]+):(\d{12}):stateMachine:([^:]+)$/;

/**
 * Replays each recording against `definition` in the one local runner (a child process per
 * replay, with `limits`), its Task states answered attempt by attempt from the recording's own
 * results, then from the mock config; a Task neither answers fails with `States.TaskFailed`
 * ("No task resolution for state '…'"). Each replay keeps the recording's identity (partition,
 * region, account, state machine name, execution name) and is compared with the recording
 * (see {@link compareReplay}). Results come back in the recordings' order.
 */
export async function testRecordings(
  recordings: readonly RecordingUnderTest[],
  options: TestRecordingsOptions,
): Promise<RecordingTestResult[]> {
  const results: RecordingTestResult[] = new Array<RecordingTestResult>(recordings.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < recordings.length) {
      const index = next++;
      const result = await testOne(recordings[index]!, options);
      results[index] = result;
      options.onResult?.(result, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, recordings.length)) }, worker));
  return results;
}

async function testOne(recording: RecordingUnderTest, options: TestRecordingsOptions): Promise<RecordingTestResult> {
  // An Express execution's history is its log records: what its logging configuration left out cannot be replayed.
  const express = isExpressExecutionArn(recording.executionArn);
  const gaps = express ? expressReplayGaps(recording.events) : [];
  if (gaps.length > 0) return { type: "not-replayed", recording, reason: gaps.join("; ") };
  if (recording.input === null || recording.inputTruncated)
    return {
      type: "not-replayed",
      recording,
      reason: `its recorded input is ${recording.input === null ? "missing" : "truncated"}`,
    };
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
  const store = options.store?.(recording);
  const began = Date.now();
  const started = recording.events[0]?.["executionStartedEventDetails"];
  const roleArn = typeof started?.["roleArn"] === "string" ? started["roleArn"] : undefined;
  const { result, unresolvedTasks } = await runLocal({
    prepare: () => ({
      definition: options.definition,
      input: recording.input ?? "{}",
      stateMachineName: recording.stateMachineName,
      executionName: store?.name ?? recording.name,
      // An Express recording replays as Express (its ARN's form, its 5-minute limit).
      ...(express ? { type: "EXPRESS" as const, executionId: globalThis.crypto.randomUUID() } : {}),
      ...(match === null ? {} : { partition: match[1]!, region: match[2]!, accountId: match[3]! }),
      ...(roleArn === undefined ? {} : { roleArn }),
      // The replay starts when the recording did: timestamps (and `$$.Execution.StartTime`) match.
      startMs: startOf(recording.events),
      invokers,
      limits: options.limits,
    }),
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
