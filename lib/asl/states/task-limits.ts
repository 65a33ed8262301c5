import type { Clock } from "../clock";
import type { TaskOutcome } from "../task-invoker";
import { ExecutionAbort } from "./execution-abort";
import type { Thread } from "./state-context";

/** Which limit ended a Task attempt first. */
export interface TaskLimit {
  readonly ms: number;
  readonly error: "States.Timeout" | "States.HeartbeatTimeout" | "execution";
}

/** What the race against a Task's nearest limit resolves to when the limit comes first. */
const LIMIT_REACHED = Symbol("limit reached");

/** `States.Timeout` and `States.HeartbeatTimeout` end a Task attempt with a `*TimedOut` event, not `*Failed`. */
export function isTimeout(error: string): boolean {
  return error === "States.Timeout" || error === "States.HeartbeatTimeout";
}

/** The failure of a Task (or ItemReader) that no invoker answered. */
export function unresolved(stateName: string, resource: string): TaskOutcome {
  return {
    type: "failure",
    error: "States.TaskFailed",
    cause: `No task resolution for state '${stateName}' (Resource '${resource}'): no mocked response, local handler or recorded result answers it`,
  };
}

/**
 * Runs one Task invocation within its limits: `TimeoutSeconds`, `HeartbeatSeconds` (activities
 * and callbacks, whose workers here send no heartbeats) and what is left of the execution's
 * `TimeoutSeconds` (`deadline`, epoch ms of `clock`). The work lasts the invoker's `durationMs`
 * (a mock's `Delay`) and, on a real-time clock, the invocation's own time, raced against the
 * nearest limit. A Task limit gives a failure outcome (`States.Timeout`, `States.HeartbeatTimeout`);
 * the execution's limit times the execution out ({@link ExecutionAbort}).
 */
export async function raceTaskLimits(
  clock: Clock,
  deadline: number | undefined,
  invoke: () => Promise<TaskOutcome | null>,
  limits: readonly TaskLimit[],
  thread: Thread,
): Promise<TaskOutcome | null> {
  const start = clock.now();
  const all = deadline === undefined ? limits : [...limits, { ms: deadline - start, error: "execution" as const }];
  const limit = all.reduce<TaskLimit | undefined>(
    (nearest, l) => (nearest === undefined || l.ms < nearest.ms ? l : nearest),
    undefined,
  );
  let outcome: TaskOutcome | null;
  if (limit !== undefined && clock.realTime === true) {
    const timer = new AbortController();
    const raced = await Promise.race([
      invoke(),
      clock.sleep(Math.max(0, limit.ms), timer.signal).then((): typeof LIMIT_REACHED => LIMIT_REACHED),
    ]);
    timer.abort();
    if (raced === LIMIT_REACHED) return limitReached(limit, thread);
    outcome = raced;
  } else {
    outcome = await invoke();
  }
  if (outcome === null) return null;
  const duration = outcome.durationMs ?? 0;
  const elapsed = clock.now() - start;
  if (limit !== undefined && elapsed + duration > limit.ms) {
    await clock.sleep(Math.max(0, limit.ms - elapsed));
    return limitReached(limit, thread);
  }
  if (duration > 0) await clock.sleep(duration);
  return outcome;
}

function limitReached(limit: TaskLimit, thread: Thread): TaskOutcome {
  if (limit.error === "execution") throw new ExecutionAbort(thread.prev, "timeout");
  return { type: "failure", error: limit.error };
}
