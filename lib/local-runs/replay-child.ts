import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { AslHistoryEvent } from "@/lib/asl/types";
import { compareReplay, type ReplayComparison } from "@/lib/execution-view/compare-replay";
import { executeLocalJob, type LocalRunJob } from "./local-run-job";

/**
 * One replay for a batch child (see `ReplayPool`): the child runs it, compares it with the
 * recording its `recorded-history` invoker answers from, and waits for the next. Only the
 * comparison crosses back (a few hundred bytes), not the replay's history.
 */
export interface ReplayRequest {
  readonly type: "replay";
  /** Numbers the replay in its child's progress (the `{"replay": id}` line before its events). */
  readonly id: number;
  readonly job: LocalRunJob;
}

/** What a batch child sends about a replay. */
export type ReplayMessage =
  | { readonly type: "replay-started"; readonly id: number }
  | {
      readonly type: "replay-done";
      readonly id: number;
      readonly result: Pick<ExecutionResult, "executionArn" | "status" | "error" | "cause">;
      readonly comparison: ReplayComparison;
      readonly unresolvedTasks: readonly string[];
    }
  | { readonly type: "replay-crashed"; readonly id: number; readonly name: string; readonly message: string };

/** The events a replay's job answers its Tasks from: the recording it is compared with. */
export function recordedEventsOf(job: LocalRunJob): readonly AslHistoryEvent[] {
  for (const invoker of job.invokers) if (invoker.kind === "recorded-history") return invoker.events;
  return [];
}

/** The progress line that opens a replay's events in its child's progress pipe. */
export const replayMarker = (id: number): string => JSON.stringify({ replay: id });

/**
 * Runs one replay in this (child) process: its events go to the progress pipe as they are
 * recorded (after its marker), so a parent that kills it at a limit still has them.
 */
export async function runReplay(
  request: ReplayRequest,
  post: (message: ReplayMessage) => Promise<void>,
  progress: (firstLine: string) => (event: AslHistoryEvent) => void,
): Promise<void> {
  const { id, job } = request;
  const onEvent = progress(replayMarker(id));
  await post({ type: "replay-started", id });
  try {
    const { result, unresolvedTasks } = await executeLocalJob(job, { onEvent });
    await post({
      type: "replay-done",
      id,
      result: {
        executionArn: result.executionArn,
        status: result.status,
        ...(result.error === undefined ? {} : { error: result.error }),
        ...(result.cause === undefined ? {} : { cause: result.cause }),
      },
      comparison: compareReplay(recordedEventsOf(job), result.events),
      unresolvedTasks,
    });
  } catch (err) {
    await post({
      type: "replay-crashed",
      id,
      name: err instanceof Error ? err.name : "Error",
      message: err instanceof Error ? err.message : String(err),
    });
  }
}
