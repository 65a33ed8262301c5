import type { Clock } from "@/lib/asl/clock";

/**
 * The wall clock, for runs that take real time (the interpreter's default is a virtual clock):
 * `now` is `Date.now()`, `sleep` a timer its signal cancels, and each Task's invocation is
 * raced in real time against its `TimeoutSeconds`/`HeartbeatSeconds`.
 */
export function createRealClock(): Clock {
  return {
    realTime: true,
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted === true) return;
        const timer = setTimeout(resolve, Math.max(0, ms));
        signal?.addEventListener("abort", () => clearTimeout(timer), { once: true });
      }),
  };
}
