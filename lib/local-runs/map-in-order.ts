/** Settings of {@link mapInOrder}. */
export interface MapInOrderOptions {
  /** Items worked on at once. */
  readonly concurrency: number;
  /** Items taken from the source and not yet emitted, at most (bounds memory however long the source); ≥ `concurrency`. */
  readonly window: number;
}

/**
 * Takes items from `source` as room allows, works on up to `concurrency` at once, and emits
 * each result in the source's order as soon as those before it are emitted: memory holds at
 * most `window` items and results, not the source. The first failure of `work` (or of the
 * source) ends the mapping with that error once the work under way has settled.
 */
export async function mapInOrder<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  work: (item: T, index: number) => Promise<R>,
  emit: (result: R, index: number) => void,
  options: MapInOrderOptions,
): Promise<number> {
  const window = Math.max(options.window, options.concurrency, 1);
  const ready = new Map<number, R>();
  const inFlight = new Set<Promise<void>>();
  let taken = 0;
  let emitted = 0;
  let failure: { readonly error: unknown } | null = null;
  const drain = (): void => {
    while (ready.has(emitted)) {
      const result = ready.get(emitted)!;
      ready.delete(emitted);
      emit(result, emitted);
      emitted++;
    }
  };
  try {
    for await (const item of source) {
      // The oldest item not yet emitted is under way, so something in flight settles.
      while (failure === null && (inFlight.size >= options.concurrency || taken - emitted >= window))
        await Promise.race(inFlight);
      if (failure !== null) break;
      const index = taken++;
      const running: Promise<void> = work(item, index)
        .then(
          (result) => {
            ready.set(index, result);
            if (failure === null) drain();
          },
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .then(() => {
          inFlight.delete(running);
        });
      inFlight.add(running);
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure.error;
  return taken;
}
