import type { Clock } from "@/lib/asl/clock";

/** Settings of {@link createRealClock}. */
export interface RealClockOptions {
  /** How many times faster than the wall clock time passes (a test's 10-second Wait in 0.1 s at 100); default 1. */
  readonly scale?: number;
  /**
   * When it aborts, every pending `sleep` without a signal of its own (a Wait, a retry's interval)
   * ends at once, so the execution reaches its stop without waiting them out; a Task's limit
   * (a `sleep` with a signal, raced against the invocation) does not, or it would win the race.
   */
  readonly signal?: AbortSignal;
}

/**
 * The wall clock, for runs that take real time (the interpreter's default is a virtual clock):
 * `now` is `Date.now()` (sped up `scale` times from the clock's creation), `sleep` a timer its
 * signal cancels, and each Task's invocation is raced in real time against its
 * `TimeoutSeconds`/`HeartbeatSeconds`.
 */
export function createRealClock(options: RealClockOptions = {}): Clock {
  const scale = options.scale ?? 1;
  const origin = Date.now();
  const stop = options.signal;
  const now = (): number => (scale === 1 ? Date.now() : origin + Math.round((Date.now() - origin) * scale));
  return {
    realTime: true,
    now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted === true) return;
        if (stop?.aborted === true && signal === undefined) return resolve();
        // A timer may fire up to a millisecond early by `Date.now()` (libuv counts from its cached loop time):
        // wait out the rest, so `now` has moved by at least `ms` when the sleep ends.
        const until = now() + ms;
        let timer: NodeJS.Timeout;
        const wait = (wallMs: number): void => {
          timer = setTimeout(
            () => {
              const left = until - now();
              if (left > 0) wait(Math.max(1, left / scale));
              else resolve();
            },
            Math.max(0, wallMs),
          );
        };
        wait(ms / scale);
        signal?.addEventListener("abort", () => clearTimeout(timer), { once: true });
        if (signal === undefined)
          stop?.addEventListener(
            "abort",
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
      }),
  };
}
