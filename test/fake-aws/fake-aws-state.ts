import type { HistoryEvent } from "@/lib/history/types";

/** A state machine the fake serves. */
export interface FakeStateMachine {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: Date;
  /** For Express: `{ level, includeExecutionData, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }] }`. */
  readonly loggingConfiguration?: unknown;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Standard execution the fake serves; tests mutate `events` and `status` to make it progress. */
export interface FakeExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";
  readonly startDate: Date;
  stopDate?: Date;
  /** Canonical events (ISO timestamps), ascending ids. */
  events: HistoryEvent[];
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveDate?: Date;
  mapRunArn?: string;
  /** Set when StartExecution named a published version (`…:stateMachine:<name>:<version>`) or an alias through it. */
  stateMachineVersionArn?: string;
  /** Set when StartExecution named an alias (`…:stateMachine:<name>:<alias>`). */
  stateMachineAliasArn?: string;
  /** StartExecution's `traceHeader` (X-Ray), returned by DescribeExecution. */
  traceHeader?: string;
}

export interface FakeMapRun {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly startDate: Date;
  stopDate?: Date;
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";
}

/** One CloudWatch Logs event: `timestamp` in epoch ms, `message` an Express log record's JSON. */
export interface FakeLogEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

/** Everything the fake knows; tests edit it between syncs. */
export interface FakeAwsState {
  readonly stateMachines: FakeStateMachine[];
  readonly executions: FakeExecution[];
  readonly mapRuns: FakeMapRun[];
  /** Log group name → its events. */
  readonly logGroups: Map<string, FakeLogEvent[]>;
  /** `FilterLogEvents` page size when the caller sets no `limit` (AWS: up to 10,000 events or 1 MB). */
  logsPageSize?: number;
}

export function emptyFakeAwsState(): FakeAwsState {
  return { stateMachines: [], executions: [], mapRuns: [], logGroups: new Map() };
}
