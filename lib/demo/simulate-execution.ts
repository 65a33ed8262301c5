import type { HistoryEvent } from "@/lib/history/types";
import { Recorder } from "./history-recorder";
import type { Rng } from "./prng";
import type { PlanContext, ScenarioRun } from "./scenario";
import { hop, payload, type SimEnd } from "./sim-context";

/** A simulated execution before it is placed in time: events relative to its start. */
export interface SimulatedExecution {
  readonly end: SimEnd;
  /** ms from `ExecutionStarted` to the terminal event. */
  readonly durationMs: number;
  /** Builds the history with the execution starting at `startMs`; events after `cutoffMs` (relative) are left out. */
  readonly build: (startMs: number, cutoffMs?: number) => HistoryEvent[];
}

/** Everything a workflow plan needs to play one execution. */
export interface SimulateInput {
  readonly rng: Rng;
  readonly region: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly startMs: number;
  readonly plan: (ctx: PlanContext) => ScenarioRun;
}

/** `ExecutionStarted`, the workflow's states, then `ExecutionSucceeded` | `Failed` | `TimedOut` | `Aborted`. */
export function simulateExecution(input: SimulateInput): SimulatedExecution {
  const recorder = new Recorder();
  const ctx: PlanContext = { rng: input.rng, recorder, region: input.region, accountId: input.accountId, startMs: input.startMs };
  const scenario = input.plan(ctx);
  const root = recorder.track(0, null);
  root.emit("ExecutionStarted", 0, "executionStartedEventDetails", {
    input: payload(scenario.input),
    inputDetails: { truncated: false },
    roleArn: input.roleArn,
  });
  const end = scenario.run(root);
  switch (end.status) {
    case "SUCCEEDED":
      root.emit("ExecutionSucceeded", hop(ctx), "executionSucceededEventDetails", {
        output: payload(end.output),
        outputDetails: { truncated: false },
      });
      break;
    case "FAILED":
      root.emit("ExecutionFailed", hop(ctx), "executionFailedEventDetails", errorDetails(end.error, end.cause));
      break;
    case "TIMED_OUT":
      root.emit("ExecutionTimedOut", 0, "executionTimedOutEventDetails", errorDetails(end.error, end.cause));
      break;
    case "ABORTED":
      root.emit("ExecutionAborted", hop(ctx), "executionAbortedEventDetails", errorDetails(end.error, end.cause));
      break;
    default: {
      const never: never = end;
      throw new Error(`unknown end ${JSON.stringify(never)}`);
    }
  }
  return { end, durationMs: root.t, build: (startMs, cutoffMs) => recorder.build(startMs, cutoffMs) };
}

function errorDetails(error: string | null, cause: string | null): Record<string, string> {
  return { ...(error === null ? {} : { error }), ...(cause === null ? {} : { cause }) };
}

