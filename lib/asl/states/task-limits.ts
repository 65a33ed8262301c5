import type { Clock } from "../clock";
import type { TaskOutcome } from "../task-invoker";
import { ExecutionAbort } from "./execution-abort";
import type { Thread } from "./state-context";

/** Which limit ended a Task attempt first. */
export interface TaskLimit {
  readonly ms: number;
  readonly error: "States.Timeout" | "States.HeartbeatTimeout" | "execution";
  /** `HeartbeatSeconds`: counted from the last heartbeat (`SendTaskHeartbeat`), not from the start. */
  readonly heartbeat?: boolean;
}

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
 * A Task attempt's `abandoned` signal, made only when an invoker reads it: most invokers never do,
 * and an `AbortController` per attempt cost a tenth of a retried Task's time (and, made in a loop
 * that never leaves the microtask queue, its objects survived scavenges: npm run bench:interpreter).
 * Aborted before it is read, the signal is made already aborted.
 */
export class Abandonment {
  private controller: AbortController | undefined;
  private aborted = false;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}

/**
 * Runs one Task invocation within its limits: `TimeoutSeconds`, `HeartbeatSeconds` (activities
 * and callbacks) and what is left of the execution's `TimeoutSeconds` (`deadline`, epoch ms of
 * `clock`). The work lasts the invoker's `durationMs` (a mock's `Delay`) and, on a real-time
 * clock, the invocation's own time, raced against the nearest limit. `invoke` is given a
 * heartbeat: calling it (a worker's `SendTaskHeartbeat`) restarts the `HeartbeatSeconds` limit,
 * never `TimeoutSeconds`; and a signal ({@link Abandonment}) aborted when a limit ends the attempt first. A Task limit gives a failure outcome (`States.Timeout`,
 * `States.HeartbeatTimeout`); the execution's limit times the execution out ({@link ExecutionAbort}).
 */
export async function raceTaskLimits(
  clock: Clock,
  deadline: number | undefined,
  invoke: (heartbeat: () => void, abandoned: Abandonment) => Promise<TaskOutcome | null>,
  limits: readonly TaskLimit[],
  thread: Thread,
): Promise<TaskOutcome | null> {
  const start = clock.now();
  // Aborted when a limit comes first: the invoker may stop waiting (a callback's token is then timed out).
  const abandoned = new Abandonment();
  let lastBeat = start;
  const all = deadline === undefined ? limits : [...limits, { ms: deadline - start, error: "execution" as const }];
  /** The limit that comes first, and when (epoch ms of `clock`). */
  const nearest = (): { limit: TaskLimit; at: number } | undefined =>
    all.reduce<{ limit: TaskLimit; at: number } | undefined>((first, l) => {
      const at = (l.heartbeat === true ? lastBeat : start) + l.ms;
      return first === undefined || at < first.at ? { limit: l, at } : first;
    }, undefined);
  const heartbeat = (): void => {
    lastBeat = clock.now();
  };
  let outcome: TaskOutcome | null;
  if (all.length > 0 && clock.realTime === true) {
    const timer = new AbortController();
    const watch = async (): Promise<TaskLimit> => {
      // A heartbeat moves its limit on while the watch sleeps: it looks again when it wakes.
      for (;;) {
        const first = nearest()!;
        if (clock.now() >= first.at) return first.limit;
        await clock.sleep(first.at - clock.now(), timer.signal);
      }
    };
    const raced = await Promise.race([invoke(heartbeat, abandoned), watch()]);
    timer.abort();
    if (raced !== null && "ms" in raced) {
      abandoned.abort();
      return limitReached(raced, thread, deadline);
    }
    outcome = raced;
  } else {
    outcome = await invoke(heartbeat, abandoned);
  }
  if (outcome === null) return null;
  const duration = outcome.durationMs ?? 0;
  const elapsed = clock.now() - start;
  const first = nearest();
  if (first !== undefined && start + elapsed + duration > first.at) {
    abandoned.abort();
    await clock.sleep(Math.max(0, first.at - clock.now()));
    return limitReached(first.limit, thread, deadline);
  }
  if (duration > 0) await clock.sleep(duration);
  return outcome;
}

/** The execution's limit ends it at its deadline (as AWS records it, however late the timer fired); a Task's fails the Task. */
function limitReached(limit: TaskLimit, thread: Thread, deadline: number | undefined): TaskOutcome {
  if (limit.error === "execution") throw new ExecutionAbort(thread.prev, "timeout", deadline);
  return { type: "failure", error: limit.error };
}
