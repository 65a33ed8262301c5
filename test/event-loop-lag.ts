import { performance } from "node:perf_hooks";

/** How late a 10 ms interval timer of this thread was while some work ran. */
export interface EventLoopLag {
  /** The longest a tick was late (wall clock): includes time the machine did not run this thread at all. */
  readonly lagMs: number;
  /**
   * The longest a tick was late while this thread's event loop was busy (running code, not
   * waiting for I/O): each tick's lateness capped by the loop's active time since the tick
   * before. A blocked loop is busy; a thread the machine starves while it waits is not. On a
   * shared, overloaded test machine this is the measure that tells the two apart.
   */
  readonly busyLagMs: number;
}

/** Runs `work` and measures this thread's event loop meanwhile (see {@link EventLoopLag}). */
export async function measureEventLoopLag<T>(work: () => Promise<T>): Promise<EventLoopLag & { value: T }> {
  let lagMs = 0;
  let busyLagMs = 0;
  let last = performance.now();
  let lastElu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.now();
    const elu = performance.eventLoopUtilization(lastElu);
    const late = now - last - 10;
    lagMs = Math.max(lagMs, late);
    busyLagMs = Math.max(busyLagMs, Math.min(late, elu.active));
    last = now;
    lastElu = performance.eventLoopUtilization();
  }, 10);
  try {
    const value = await work();
    return { value, lagMs, busyLagMs };
  } finally {
    clearInterval(timer);
  }
}
