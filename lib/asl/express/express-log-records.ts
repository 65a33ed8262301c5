import type { AslHistoryEvent } from "../types";

/** A state machine's `loggingConfiguration.level`. */
export type LogLevel = "ALL" | "ERROR" | "FATAL" | "OFF";

/** What a state machine's logging configuration sends to CloudWatch Logs. */
export interface ExpressLogging {
  readonly level: LogLevel;
  /** `includeExecutionData`: false leaves the execution data (inputs, outputs, parameters) out. */
  readonly includeExecutionData: boolean;
}

/** Event types logged at `FATAL` (AWS's "Log levels" table): how the execution ended, unless it succeeded. */
export const FATAL_LOG_EVENT_TYPES: ReadonlySet<string> = new Set([
  "ExecutionAborted",
  "ExecutionFailed",
  "ExecutionTimedOut",
]);

/** Event types logged at `ERROR` (AWS's "Log levels" table, with the Map Run's failure and abort). */
export const ERROR_LOG_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...FATAL_LOG_EVENT_TYPES,
  "FailStateEntered",
  "LambdaFunctionFailed",
  "LambdaFunctionScheduleFailed",
  "LambdaFunctionStartFailed",
  "LambdaFunctionTimedOut",
  "MapIterationAborted",
  "MapIterationFailed",
  "MapRunAborted",
  "MapRunFailed",
  "MapStateAborted",
  "MapStateFailed",
  "ParallelStateAborted",
  "ParallelStateFailed",
  "TaskFailed",
  "TaskStartFailed",
  "TaskStateAborted",
  "TaskSubmitFailed",
  "TaskTimedOut",
  "WaitStateAborted",
]);

/** Whether an event of `type` is logged at `level`. */
export function isLoggedAt(level: LogLevel, type: string): boolean {
  if (level === "ALL") return true;
  if (level === "ERROR") return ERROR_LOG_EVENT_TYPES.has(type);
  if (level === "FATAL") return FATAL_LOG_EVENT_TYPES.has(type);
  return false;
}

/** The details fields that are execution data: left out when `includeExecutionData` is false. */
export const EXECUTION_DATA_FIELDS: ReadonlySet<string> = new Set(["input", "output", "parameters"]);

/** One CloudWatch Logs record of an Express (or logged Standard) execution. */
export interface ExpressLogRecord {
  readonly id: string;
  readonly type: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly previous_event_id: string;
  /** Epoch milliseconds. */
  readonly event_timestamp: string;
  readonly execution_arn: string;
  readonly redrive_count: string;
}

/** Every scalar as a string, as the log records carry them (`"truncated": "false"`, `"timeoutInSeconds": "60"`). */
function stringScalars(value: unknown): unknown {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(stringScalars);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringScalars(v)]));
  return value;
}

/**
 * The history as CloudWatch Logs carries it at `logging`: one record per event the level logs,
 * ids and `previous_event_id`s those of the whole history (so records of a partial level may
 * point at events that were not logged), the event's details under `details` without the
 * execution data when `includeExecutionData` is false, scalars as strings, `event_timestamp`
 * in epoch ms. `OFF` logs nothing.
 */
export function toExpressLogRecords(
  executionArn: string,
  events: readonly AslHistoryEvent[],
  logging: ExpressLogging,
): ExpressLogRecord[] {
  const records: ExpressLogRecord[] = [];
  let redriveCount = 0;
  for (const event of events) {
    if (event.type === "ExecutionRedriven") redriveCount++;
    if (!isLoggedAt(logging.level, event.type)) continue;
    const { id, previousEventId, timestamp, type, ...rest } = event;
    const details = (Object.values(rest)[0] ?? {}) as Record<string, unknown>;
    const kept = logging.includeExecutionData
      ? details
      : Object.fromEntries(Object.entries(details).filter(([k]) => !EXECUTION_DATA_FIELDS.has(k)));
    records.push({
      id: String(id),
      type,
      details: stringScalars(kept) as Record<string, unknown>,
      previous_event_id: String(previousEventId),
      event_timestamp: String(Date.parse(timestamp)),
      execution_arn: executionArn,
      redrive_count: String(redriveCount),
    });
  }
  return records;
}

/** The records as a log file: one JSON object a line (what `stepscope import` reads). */
export const expressLogLines = (records: readonly ExpressLogRecord[]): string =>
  records.map((r) => `${JSON.stringify(r)}\n`).join("");
