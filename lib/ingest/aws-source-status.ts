import type { SyncSourceSettings } from "./sync-source-settings";

// Types only, so the Sources page's components can read them without importing `pg`.

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

/** An AWS source's sync state as the Sources page shows it. */
export interface AwsSourceStatus {
  readonly id: number;
  readonly name: string;
  readonly region: string | null;
  readonly accountId: string | null;
  readonly endpoint: string | null;
  readonly state: "IDLE" | "RUNNING" | "FAILED";
  readonly lastSyncAt: string | null;
  readonly syncStartedAt: string | null;
  readonly progress: SyncProgress;
  readonly executions: number;
  readonly lastError: string | null;
  /** The refused call: AWS code, message, IAM action. */
  readonly errorDetails: { readonly code: string; readonly message: string; readonly action: string | null } | null;
  /** Express state machines whose logs give partial histories, and why. */
  readonly partialHistories: readonly { readonly stateMachineArn: string; readonly reason: string }[];
  readonly filter: string;
  /**
   * The settings as stored (defaults filled in), for the edit form. No secrets live here, but
   * the role's `externalId` (a shared value guarding the role against confused deputies) is
   * left out unless asked for (admins only).
   */
  readonly settings: SyncSourceSettings;
}
