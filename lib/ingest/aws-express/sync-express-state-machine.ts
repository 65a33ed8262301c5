import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { callAws } from "@/lib/aws/call-aws";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseExpressLogRecords } from "@/lib/history/parse-express-log-records";
import { parseHistoryEvents } from "@/lib/history/parse-history-events";
import type { HistoryEvent, ParsedExecution, StateMachineInfo } from "@/lib/history/types";
import type { AwsSyncContext } from "../aws-standard/aws-sync-context";
import { getStoredEvents } from "../aws-standard/stored-history";
import { runWorkPool } from "../aws-standard/work-pool";
import { getExpressPartialReason } from "./express-partial-reason";
import { filterLogEventsPageSchema } from "./logs-page-schema";

/** Log delivery lags; each sync re-reads this much before the newest timestamp it saw (records are stored idempotently). */
const lateDeliveryMs = 10 * 60_000;

/** What one Express state machine's sync read. */
export interface ExpressSyncResult {
  readonly logGroup: string | null;
  /** Newest log event timestamp read (epoch ms), the next sync's start. */
  readonly lastTimestamp: number;
  readonly executions: number;
  /** Why the histories are partial (log level, execution data), or null. */
  readonly partialReason: string | null;
}

/**
 * Collects an Express state machine from CloudWatch Logs: `FilterLogEvents` (all pages) on
 * the log group of its `loggingConfiguration`, from `sinceMs` (less a late-delivery margin),
 * records grouped by `execution_arn` and parsed by `lib/history` (string scalars, epoch-ms
 * timestamps, any order), merged with what is stored, stored idempotently. Executions whose
 * end has been read are stored while later pages are read (every ~20,000 records), so a
 * long window never sits in memory whole; the rest are stored after the last page.
 */
export async function syncExpressStateMachine(
  ctx: AwsSyncContext,
  machine: StateMachineInfo,
  sinceMs: number,
): Promise<ExpressSyncResult> {
  const logging = (machine.loggingConfiguration ?? {}) as {
    level?: string;
    includeExecutionData?: boolean;
    destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[];
  };
  const partialReason = getExpressPartialReason(logging);
  const logGroupArn = logging.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  if (!logGroupArn || logging.level === "OFF" || logging.level === undefined) {
    return { logGroup: null, lastTimestamp: sinceMs, executions: 0, partialReason: partialReason ?? "logging is off" };
  }
  // `arn:aws:logs:<region>:<account>:log-group:<name>:*`
  const logGroup = logGroupArn.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, "").replace(/:\*$/, "");
  const startTime = Math.max(0, sinceMs - lateDeliveryMs);
  const pending = new Map<string, Record<string, unknown>[]>();
  let pendingRecords = 0;
  let lastTimestamp = sinceMs;
  let stored = 0;
  // Stores the executions of `arns` (their records leave `pending`), a few at a time: the store batches them.
  const flush = async (arns: readonly string[]): Promise<void> => {
    const groups = arns.map((arn) => {
      const records = pending.get(arn) ?? [];
      pending.delete(arn);
      pendingRecords -= records.length;
      return recordLines(records, partialReason !== null);
    });
    ctx.report({ executionsFound: groups.length });
    await runWorkPool(
      groups,
      storeConcurrency,
      async (group) => {
        const [execution] = parseExpressLogRecords(group.join("\n"), logGroup);
        if (!execution) return;
        const merged = await mergeWithStored(ctx, { ...execution, stateMachine: machine });
        const result = await ctx.store(merged, deriveHistory(merged.events, merged.identity), partialReason);
        stored += 1;
        ctx.report({ executionsDone: 1, eventsFetched: result.eventsWritten });
      },
      { isFatal: () => false, onError: (group, error) => ctx.onItemError(group[0] ?? logGroup, error) },
    );
  };
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = filterLogEventsPageSchema.parse(
      await callAws(ctx.call, "FilterLogEvents", (options) =>
        ctx.clients.logs.send(
          new FilterLogEventsCommand({ logGroupName: logGroup, startTime, ...(token ? { nextToken: token } : {}) }),
          options,
        ),
      ),
    );
    ctx.report({ pagesFetched: 1 });
    for (const event of page.events) {
      if (event.timestamp !== undefined) lastTimestamp = Math.max(lastTimestamp, event.timestamp);
      const record = parseRecord(event.message);
      if (record === null) continue;
      const arn = record["execution_arn"] as string;
      const records = pending.get(arn);
      if (records) records.push(record);
      else pending.set(arn, [record]);
      pendingRecords += 1;
    }
    nextToken = page.nextToken;
    // Memory stays bounded over a long window: executions whose end is read are stored as the pages go.
    if (pendingRecords >= ctx.expressFlushEveryRecords) {
      await flush(
        [...pending]
          .filter(([, records]) => records.some((r) => terminalTypes.has(String(r["type"]))))
          .map(([arn]) => arn),
      );
    }
  } while (nextToken);
  await flush([...pending.keys()]);
  return { logGroup, lastTimestamp, executions: stored, partialReason };
}

/** Executions stored at once. */
const storeConcurrency = 8;
const terminalTypes = new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]);

/** A log message that is an Express execution record (a JSON object with an `execution_arn`), else null. */
function parseRecord(message: string | undefined): Record<string, unknown> | null {
  const text = message?.trim();
  if (!text || !text.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" &&
      value !== null &&
      typeof (value as Record<string, unknown>)["execution_arn"] === "string"
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * One execution's records as log lines for `parseExpressLogRecords`. With `partial`
 * logging the records of events that were not logged are missing, so a
 * `previous_event_id` that names none of the execution's records becomes "0" (unknown)
 * rather than refusing the whole execution.
 */
function recordLines(records: Record<string, unknown>[], partial: boolean): string[] {
  if (partial) {
    const ids = new Set(records.map((r) => String(r["id"])));
    for (const r of records) {
      const previous = r["previous_event_id"];
      if (previous !== undefined && previous !== "0" && !ids.has(String(previous))) r["previous_event_id"] = "0";
    }
  }
  return records.map((r) => JSON.stringify(r));
}

/** Stored events of the execution plus the new records, each id once, ascending. */
async function mergeWithStored(ctx: AwsSyncContext, parsed: ParsedExecution): Promise<ParsedExecution> {
  const stored = await getStoredEvents(ctx.db.pool, parsed.identity.executionArn);
  if (stored.length === 0) return parsed;
  const byId = new Map<number, HistoryEvent>();
  for (const event of [...stored, ...parsed.events]) if (!byId.has(event.id)) byId.set(event.id, event);
  const events = [...byId.values()].sort((a, b) => a.id - b.id);
  return { ...parsed, events: parseHistoryEvents(events, { file: parsed.identity.executionArn, path: "/events" }) };
}
