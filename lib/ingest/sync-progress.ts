/** Counters of a source's sync, in `sources.sync_progress`; the Sources page and the CLI show them. */
export interface SyncProgress {
  /** What the sync is doing now. */
  readonly phase: "listing" | "fetching" | "done";
  /** Executions found to fetch (new, running or redriven) so far. */
  readonly executionsFound: number;
  readonly executionsDone: number;
  /** Events stored by this sync. */
  readonly eventsFetched: number;
  readonly pagesFetched: number;
  /** Calls retried after throttling, 5xx or a timeout. */
  readonly retries: number;
}

export type SyncProgressDelta = Partial<Omit<SyncProgress, "phase">>;

export const emptySyncProgress: SyncProgress = { phase: "listing", executionsFound: 0, executionsDone: 0, eventsFetched: 0, pagesFetched: 0, retries: 0 };
