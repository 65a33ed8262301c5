import type { Clock } from "./clock";
import type { ExecutionOptions } from "./execution-options";
import { ExecutionAbort } from "./states/execution-abort";
import type { Thread } from "./states/state-context";
import { raceTaskLimits, type Abandonment, type TaskLimit } from "./states/task-limits";
import type { TaskOutcome } from "./task-invoker";
import type { ThreadScheduler } from "./thread-scheduler";

/**
 * An execution's time: its deadline (the definition's `TimeoutSeconds` or `maxDurationMs`, whichever is sooner),
 * its stop signal, and waiting or invoking a Task on its clock without passing either.
 */
export class ExecutionDeadline {
  /** Epoch ms past which the execution times out, if it has a limit. */
  private deadline: number | undefined;
  private readonly clock: Clock;
  private readonly signal: ExecutionOptions["signal"];
  private readonly maxDurationMs: number | undefined;
  private readonly threads: ThreadScheduler;

  constructor(options: Pick<ExecutionOptions, "clock" | "signal" | "maxDurationMs">, threads: ThreadScheduler) {
    this.clock = options.clock;
    this.threads = threads;
    this.signal = options.signal;
    this.maxDurationMs = options.maxDurationMs;
  }

  /** Starts the clock of the execution (a redriven one gets its whole `TimeoutSeconds` again). */
  start(timeoutSeconds: unknown): void {
    const limits = [
      ...(typeof timeoutSeconds === "number" ? [timeoutSeconds * 1000] : []),
      ...(this.maxDurationMs === undefined ? [] : [this.maxDurationMs]),
    ];
    if (limits.length > 0) this.deadline = this.clock.now() + Math.min(...limits);
  }

  /** Throws {@link ExecutionAbort} once the stop signal is set or the deadline has passed. */
  checkAborted(thread: Thread): void {
    if (this.signal?.aborted === true) throw new ExecutionAbort(thread.prev);
    if (this.deadline !== undefined && this.clock.now() > this.deadline)
      throw new ExecutionAbort(thread.prev, "timeout");
  }

  /** The deadline in force (a Distributed Map's child has its own); a thread switch saves and restores it. */
  get current(): number | undefined {
    return this.deadline;
  }

  set current(deadline: number | undefined) {
    this.deadline = deadline;
  }

  /** Waits `ms` on the clock; the execution times out instead when its deadline comes first. */
  async sleep(ms: number, thread: Thread): Promise<void> {
    const clock = this.threads.clockFor(thread.lineage);
    if (this.deadline !== undefined && clock.now() + ms > this.deadline) {
      const deadline = this.deadline;
      await clock.sleep(Math.max(0, deadline - clock.now()));
      // At the deadline, as AWS records it, even when the real clock's timer fired late.
      throw new ExecutionAbort(thread.prev, "timeout", deadline);
    }
    await clock.sleep(ms);
  }

  /**
   * Runs a child execution (a Distributed Map's) within its own limit of `ms` as well as this
   * deadline: `timedOutAt` (the child's last event) when its own limit passed first.
   */
  async within<T>(ms: number, run: () => Promise<T>): Promise<{ value: T } | { timedOutAt: number }> {
    const saved = this.deadline;
    const own = this.clock.now() + ms;
    const childFirst = saved === undefined || own < saved;
    if (childFirst) this.deadline = own;
    try {
      return { value: await run() };
    } catch (err) {
      if (childFirst && err instanceof ExecutionAbort && err.reason === "timeout") return { timedOutAt: err.prev };
      throw err;
    } finally {
      this.deadline = saved;
    }
  }

  /** One Task invocation within its limits and the deadline (see {@link raceTaskLimits}). */
  invokeWithinLimits(
    invoke: (heartbeat: () => void, abandoned: Abandonment) => Promise<TaskOutcome | null>,
    limits: readonly TaskLimit[],
    thread: Thread,
  ): Promise<TaskOutcome | null> {
    return raceTaskLimits(this.threads.clockFor(thread.lineage), this.deadline, invoke, limits, thread);
  }
}
