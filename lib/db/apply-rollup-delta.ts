// Kept for lib/ingest/store-execution.ts until its writes move to lib/store (issue 13, round two).
// The daily rollup is now written by lib/store's `applyRollupDelta` together with the analytics
// rollups, from the same execution rows (store-execution calls it through `applyAnalyticsDeltas`
// before the rows change and after): this call has nothing left to add.

/** What one execution adds to its day's rollup row (store-execution still builds it). */
export interface RollupContribution {
  readonly day: string;
  readonly stateMachineId: number;
  readonly sourceId: number;
  readonly status: string;
  readonly billableTransitions: number;
  readonly retries: number;
  readonly durationMs: number | null;
}

/** Does nothing: see the note above; round two removes the call. */
export async function applyRollupDeltas(_client: unknown, _deltas: readonly unknown[]): Promise<void> {}
