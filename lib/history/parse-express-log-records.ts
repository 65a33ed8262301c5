import { awsHistoryLimits } from "./aws-history-limits";
import { checkAwsHistory } from "./check-aws-history";
import { expressDetails } from "./express-details";
import { findUnstorableString } from "./find-unstorable-string";
import { expressLogRecordSchema, type ExpressLogRecord } from "./express-log-record-schema";
import { findJsonSyntaxError } from "./find-json-syntax-error";
import { HistoryInputError } from "./history-input-error";
import { identityFromArn } from "./identity-from-arn";
import { parseHistoryEvents } from "./parse-history-events";
import type { InputLocation, ParsedExecution } from "./types";
import { zodInputError } from "./zod-issue-location";

interface Located {
  readonly record: ExpressLogRecord;
  readonly line: number;
}

/**
 * Reads Express workflow log records, one JSON object a line (blank lines skipped), and
 * groups them by `execution_arn` into one {@link ParsedExecution} each (type `EXPRESS`), in
 * order of first appearance. Log delivery does not keep order, so each execution's records
 * are sorted by `id`; duplicates and dangling `previous_event_id`s are still refused (except,
 * when ids are missing because a partial log level left their events out, one naming a missing
 * earlier event: it reads as 0, and a warning says so), and so
 * is what Postgres cannot store or no AWS history can be (see `checkAwsHistory`).
 * @throws {HistoryInputError} naming the file, line, event `id` and field.
 */
export function parseExpressLogRecords(text: string, file: string | undefined): ParsedExecution[] {
  const groups = new Map<string, Located[]>();
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const where: InputLocation = { ...(file === undefined ? {} : { file }), line };
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      const fault = findJsonSyntaxError(raw);
      throw new HistoryInputError(
        { ...where, column: fault?.column ?? 1 },
        `not valid JSON: ${fault?.problem ?? "syntax error"}`,
      );
    }
    const parsed = expressLogRecordSchema.safeParse(value);
    if (!parsed.success) throw zodInputError(parsed.error, { ...where, path: "" });
    const unstorable = findUnstorableString(value);
    if (unstorable !== null)
      throw new HistoryInputError(
        { ...where, eventId: Number(parsed.data.id), path: unstorable.path },
        unstorable.problem,
      );
    const group = groups.get(parsed.data.execution_arn) ?? [];
    // Counted as the lines come, so a runaway log is refused at its 25,001st record of one execution.
    if (group.length >= awsHistoryLimits.maxEvents) {
      throw new HistoryInputError(
        { ...where, eventId: Number(parsed.data.id), path: "" },
        `more than ${awsHistoryLimits.maxEvents.toLocaleString("en-US")} events for ${parsed.data.execution_arn}: AWS caps an execution history at ${awsHistoryLimits.maxEvents.toLocaleString("en-US")}`,
      );
    }
    group.push({ record: parsed.data, line });
    groups.set(parsed.data.execution_arn, group);
  });
  if (groups.size === 0) throw new HistoryInputError(file === undefined ? {} : { file }, "empty file");
  return [...groups].map(([arn, records]) => {
    records.sort((a, b) => Number(a.record.id) - Number(b.record.id));
    const first = records[0] as Located;
    const at = (i: number): InputLocation => ({
      ...(file === undefined ? {} : { file }),
      line: (records[i] as Located).line,
      path: "",
    });
    // A partial log level (ERROR, FATAL) logs some events only: a record may point at one that was not logged.
    const ids = new Set(records.map(({ record }) => Number(record.id)));
    const missing = (id: number): boolean => id > 0 && !ids.has(id) && id < Math.max(...ids);
    const partial = records.length < Math.max(...ids);
    const raw = records.map(({ record }) => ({
      id: Number(record.id),
      previousEventId:
        partial && missing(Number(record.previous_event_id ?? "0")) ? 0 : Number(record.previous_event_id ?? "0"),
      timestamp: Number(record.event_timestamp),
      type: record.type,
      ...expressDetails(record.type, record.details),
    }));
    const events = renameFields(() => parseHistoryEvents(raw, at(0), { locate: at, epochUnit: "milliseconds" }));
    const arnPlace = { ...at(0), eventId: Number(first.record.id), path: "/execution_arn" };
    const identity = identityFromArn(arn, arnPlace, null, "EXPRESS");
    const parsed: ParsedExecution = { identity, stateMachine: null, events };
    const warnings = renameFields(() =>
      checkAwsHistory(parsed, { event: (i) => ({ ...at(i), eventId: events[i]?.id ?? 0 }), executionArn: arnPlace }),
    );
    const gaps = partial
      ? [
          `${arn}: the log holds ${records.length} of its ${Math.max(...ids)} events (a partial log level): a previous_event_id naming an event not logged reads as 0`,
        ]
      : [];
    const all = [...gaps, ...warnings];
    return all.length === 0 ? parsed : { ...parsed, warnings: all };
  });
}

const RECORD_FIELD: Readonly<Record<string, string>> = {
  "/previousEventId": "/previous_event_id",
  "/timestamp": "/event_timestamp",
};

/** Reports faults under the log record's own field names (`previous_event_id`, `event_timestamp`). */
function renameFields<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof HistoryInputError)) throw error;
    const path = error.location.path;
    // A record carries its event's details as `details`, whatever the event's details member is called.
    const renamed =
      path === undefined
        ? undefined
        : (RECORD_FIELD[path] ??
          (/^\/\w+EventDetails\//.test(path) ? path.replace(/^\/\w+EventDetails/, "/details") : undefined));
    if (renamed === undefined) throw error;
    throw new HistoryInputError({ ...error.location, path: renamed }, error.problem);
  }
}
