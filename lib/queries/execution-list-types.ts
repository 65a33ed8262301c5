/** What the executions list and the execution page both say of an execution, JSON-safe (ids as strings, dates as ISO). */
export interface ExecutionBasics {
  readonly id: string;
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly status: string;
  readonly startDate: string;
  readonly stopDate: string | null;
  readonly durationMs: number | null;
  readonly error: string | null;
}

/** One row of the executions list. */
export interface ExecutionListRow extends ExecutionBasics {
  /** The first 300 characters of the cause. */
  readonly cause: string | null;
  readonly rootCauseState: string | null;
  /**
   * The error of the state the failure started in (what its failure group is named after);
   * it differs from `error`, the execution's final error, when a Catch led to a Fail state.
   */
  readonly rootCauseError: string | null;
  readonly sourceName: string;
  readonly sourceKind: string;
  readonly isDemo: boolean;
  readonly redriveCount: number;
  readonly eventCount: number;
  /** Why the stored history is partial and what to change (Express logging below ALL / without data); null when whole. */
  readonly partialReason?: string | null;
}

/**
 * One page of the executions list. `total` is exact up to `totalCap`, past it a lower bound;
 * for a text search over many rows, an estimate from a sample (`totalIsEstimate`).
 */
export interface ExecutionListPage {
  readonly rows: readonly ExecutionListRow[];
  readonly page: number;
  readonly pageSize: number;
  readonly hasNext: boolean;
  readonly total: number;
  readonly totalIsLowerBound: boolean;
  readonly totalIsEstimate: boolean;
  /** Keyset cursors (the `after` / `before` params) of the next and previous pages; null at either end. */
  readonly nextCursor: string | null;
  readonly prevCursor: string | null;
  /**
   * Executions the other filters select whose payload the query could not decide (kept on its
   * top level only, or truncated), counted up to `totalCap`; null when the query reads no payload.
   */
  readonly undecided: { readonly total: number; readonly totalIsLowerBound: boolean } | null;
}
