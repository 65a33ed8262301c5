/**
 * Runs `run` over items with at most `concurrency` at once; `run` may `push` more items
 * (a Map Run's children). The first error thrown by `isFatal` items aborts the rest and is
 * rethrown; other errors are handed to `onError` and the pool goes on.
 */
export async function runWorkPool<T>(
  initial: readonly T[],
  concurrency: number,
  run: (item: T, push: (item: T) => void) => Promise<void>,
  options: {
    readonly isFatal: (error: unknown) => boolean;
    readonly onError: (item: T, error: unknown) => void;
    readonly signal?: AbortSignal;
  },
): Promise<void> {
  const queue = [...initial];
  let fatal: { error: unknown } | null = null;
  const push = (item: T): void => {
    queue.push(item);
  };
  async function lane(): Promise<void> {
    for (let item = queue.shift(); item !== undefined && fatal === null; item = queue.shift()) {
      options.signal?.throwIfAborted();
      try {
        await run(item, push);
      } catch (error) {
        if (options.isFatal(error)) fatal ??= { error };
        else options.onError(item, error);
      }
    }
  }
  // Lanes that found the queue empty end; children pushed later are picked up by lanes still running, so re-run until drained.
  while (queue.length > 0 && fatal === null) {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
  }
  if (fatal !== null) throw (fatal as { error: unknown }).error;
}
