import type { Json, Track } from "./history-recorder";
import { hop, payload, type SimContext } from "./sim-context";
import { enterState, exitState } from "./state-steps";

/** How one attempt of a Task ends. `durationMs` runs from `TaskStarted`. */
export type AttemptPlan =
  | { readonly kind: "succeed"; readonly durationMs: number; readonly output: Json }
  | { readonly kind: "fail"; readonly durationMs: number; readonly error: string; readonly cause: string }
  | { readonly kind: "time-out"; readonly durationMs: number }
  /** Never ends: the execution is stopped or times out while this attempt runs. */
  | { readonly kind: "hang" };

/** A Task state visit: the resource, the attempts (retries included) and what data leaves it. */
export interface TaskPlan {
  readonly name: string;
  /** `resourceType`/`resource` as `TaskScheduled` names them, e.g. `lambda`/`invoke`. */
  readonly resourceType: string;
  readonly resource: string;
  readonly input: Json;
  readonly parameters: Json;
  readonly timeoutSeconds?: number;
  readonly attempts: readonly AttemptPlan[];
  /** Wait before retry n (0-based), from the matching `Retry` rule; ms. */
  readonly backoffMs: (retry: number) => number;
  /** State output after `ResultSelector`/`ResultPath` when the last attempt succeeds. */
  readonly output: Json;
  /** State output when the last attempt fails and a `Catch` matches; omitted = uncaught. */
  readonly caughtOutput?: Json;
}

/** How a Task state visit ended. `caught` means `TaskStateExited` was written after the failure. */
export type TaskEnd =
  | { readonly status: "SUCCEEDED" }
  | { readonly status: "FAILED"; readonly error: string; readonly cause: string | null; readonly caught: boolean }
  | { readonly status: "RUNNING" };

/**
 * Emits `TaskStateEntered`, then per attempt `TaskScheduled` → `TaskStarted` →
 * `TaskSucceeded` | `TaskFailed` | `TaskTimedOut` (a retry's `TaskScheduled` follows the
 * failure after the backoff), then `TaskStateExited` unless the failure is uncaught.
 */
export function runTask(sim: SimContext, track: Track, plan: TaskPlan): TaskEnd {
  const { resourceType, resource } = plan;
  enterState(sim, track, "Task", plan.name, plan.input);
  for (const [index, attempt] of plan.attempts.entries()) {
    if (index > 0) track.advance(plan.backoffMs(index - 1));
    track.emit("TaskScheduled", hop(sim), "taskScheduledEventDetails", {
      resourceType,
      resource,
      region: sim.region,
      parameters: payload(plan.parameters),
      ...(plan.timeoutSeconds === undefined ? {} : { timeoutInSeconds: plan.timeoutSeconds }),
    });
    track.emit("TaskStarted", sim.rng.int(15, 120), "taskStartedEventDetails", { resourceType, resource });
    const isLast = index === plan.attempts.length - 1;
    switch (attempt.kind) {
      case "hang":
        return { status: "RUNNING" };
      case "succeed":
        track.emit("TaskSucceeded", attempt.durationMs, "taskSucceededEventDetails", {
          resourceType,
          resource,
          output: payload(attempt.output),
          outputDetails: { truncated: false },
        });
        exitState(sim, track, "Task", plan.name, plan.output);
        return { status: "SUCCEEDED" };
      case "fail":
        track.emit("TaskFailed", attempt.durationMs, "taskFailedEventDetails", {
          resourceType,
          resource,
          error: attempt.error,
          cause: attempt.cause,
        });
        if (isLast) return endFailed(sim, track, plan, attempt.error, attempt.cause);
        break;
      case "time-out":
        // AWS writes no `cause` for a Task that exceeded `TimeoutSeconds`.
        track.emit("TaskTimedOut", attempt.durationMs, "taskTimedOutEventDetails", {
          resourceType,
          resource,
          error: "States.Timeout",
        });
        if (isLast) return endFailed(sim, track, plan, "States.Timeout", null);
        break;
      default: {
        const never: never = attempt;
        throw new Error(`unknown attempt ${JSON.stringify(never)}`);
      }
    }
  }
  throw new Error(`task ${plan.name} has no attempts`);
}

function endFailed(sim: SimContext, track: Track, plan: TaskPlan, error: string, cause: string | null): TaskEnd {
  if (plan.caughtOutput === undefined) return { status: "FAILED", error, cause, caught: false };
  exitState(sim, track, "Task", plan.name, plan.caughtOutput);
  return { status: "FAILED", error, cause, caught: true };
}

/** `Retry` backoff: `IntervalSeconds * BackoffRate^n`, plus the few ms AWS's scheduler adds. */
export function exponentialBackoff(sim: SimContext, intervalSeconds: number, backoffRate: number): (retry: number) => number {
  return (retry) => intervalSeconds * 1000 * backoffRate ** retry + sim.rng.int(5, 60);
}
