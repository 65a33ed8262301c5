/** The fields of an event `pickRunEvents` reads. */
interface ChainEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly stateName: string | null;
}

/**
 * A run's own events out of the events between its entry and exit: the `previousEventId`
 * chain back from its exit to its entry (concurrent branches interleave by id, the chain
 * does not). When the chain breaks (or the run is still open), the entry plus the events
 * carrying the run's state name.
 */
export function pickRunEvents<E extends ChainEvent>(
  range: readonly E[],
  run: { name: string; enteredEventId: number; exitedEventId: number | null },
): E[] {
  const byId = new Map(range.map((e) => [e.id, e]));
  if (run.exitedEventId !== null) {
    const chain: E[] = [];
    let at = byId.get(run.exitedEventId);
    while (at && at.id > run.enteredEventId) {
      chain.push(at);
      at = byId.get(at.previousEventId);
    }
    if (at && at.id === run.enteredEventId) {
      chain.push(at);
      return chain.reverse();
    }
  }
  return range.filter((e) => e.id === run.enteredEventId || e.id === run.exitedEventId || e.stateName === run.name);
}
