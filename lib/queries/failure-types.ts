// The Failures page's read model: types only, so components can take it without importing the database.

export interface FailureGroup {
  readonly signature: string;
  readonly stateMachine: string;
  readonly stateMachineArn: string;
  readonly rootCauseState: string | null;
  readonly error: string | null;
  readonly normalizedCause: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Daily counts over the sparkline's days (oldest first). */
  readonly trend: readonly number[];
  readonly newestExecutionArn: string | null;
}

export interface StateRetryRow {
  readonly stateMachine: string;
  readonly stateMachineArn: string;
  readonly state: string;
  readonly attempts: number;
  readonly retries: number;
  /** Retries / attempts. */
  readonly retryRate: number;
  readonly retriedRuns: number;
  readonly retriedSucceeded: number;
  readonly retriesExhausted: number;
  readonly errors: readonly { readonly error: string; readonly count: number }[];
}

export interface NearLimitExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachine: string;
  readonly stateMachineArn: string;
  readonly status: string;
  readonly eventCount: number;
  readonly startDate: string;
}

export interface Failures {
  readonly groups: readonly FailureGroup[];
  readonly trendDays: readonly string[];
  readonly retries: readonly StateRetryRow[];
  readonly nearLimit: readonly NearLimitExecution[];
}
