import type { SyncProgress } from "./aws-source-status";

export type { SyncProgress };

export type SyncProgressDelta = Partial<Omit<SyncProgress, "phase">>;

export const emptySyncProgress: SyncProgress = {
  phase: "listing",
  executionsFound: 0,
  executionsDone: 0,
  eventsFetched: 0,
  pagesFetched: 0,
  retries: 0,
};
