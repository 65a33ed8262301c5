/** Time as a port: the interpreter reads `now` and waits through `sleep`, never `Date.now()` or timers. */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Waits `ms` milliseconds of this clock's time; an aborted `signal` cancels the wait (it then never settles). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * True when time passes by itself (a wall clock): the interpreter then races each Task's
   * invocation against its `TimeoutSeconds`/`HeartbeatSeconds`. A virtual clock (false or
   * absent) moves only through `sleep`, so work takes the time its invoker states.
   */
  readonly realTime?: boolean;
}

/**
 * A virtual clock: `sleep` advances `now` at once, so a one-day `Wait` costs nothing.
 * `startMs` is the epoch-millisecond time of the execution's start (default 2024-01-01T00:00:00Z).
 */
export function createVirtualClock(startMs = Date.UTC(2024, 0, 1)): Clock {
  let current = startMs;
  return {
    now: () => current,
    sleep: (ms) => {
      current += Math.max(0, ms);
      return Promise.resolve();
    },
  };
}
