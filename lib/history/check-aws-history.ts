import { awsHistoryLimits } from "./aws-history-limits";
import { HistoryInputError } from "./history-input-error";
import type { ExecutionStatus, HistoryEvent, InputLocation, ParsedExecution } from "./types";

/** Where the parts of one execution sit in its file, to name them in refusals. */
export interface HistoryPlaces {
  /** The event at position `index` of `events` (file, line, event id, JSON Pointer). */
  readonly event: (index: number) => InputLocation;
  /** The execution ARN (a bundle's `/execution/executionArn`, a log record's `/execution_arn`). */
  readonly executionArn: InputLocation;
  /** A bundle's `/stateMachine/name`; absent for other shapes. */
  readonly stateMachineName?: InputLocation;
  /** A bundle's `/execution/status`; absent for other shapes. */
  readonly describedStatus?: InputLocation;
}

const TERMINAL: Readonly<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
};

const utf8 = new TextEncoder();

/**
 * Refuses what no AWS Step Functions history can be ({@link awsHistoryLimits}): more than
 * 25,000 events; a payload string in an event's details over 256 KiB (AWS stores larger
 * ones only with `truncated`); a second `ExecutionStarted`; an event after the execution
 * ended other than an `ExecutionRedriven` (a `SUCCEEDED` execution cannot be redriven);
 * an execution or state machine ARN over 256 characters; a state or state machine `name`
 * over 80 characters or an `error` over 256 (they key rollup rows); a `describe-execution` `status`
 * that is terminal and differs from the terminal event (`PENDING_REDRIVE` goes with a
 * failed, timed-out or aborted end).
 * Returns warnings for what is accepted but repaired: a `describe-execution` saying
 * `RUNNING` for events that end (the events win), or a terminal `status` for events that do
 * not end yet (the status is kept).
 * @throws {HistoryInputError} at the place of the first fault.
 */
export function checkAwsHistory(execution: ParsedExecution, places: HistoryPlaces): string[] {
  const { events, identity } = execution;
  const limits = awsHistoryLimits;
  if (events.length > limits.maxEvents) {
    throw new HistoryInputError(
      places.event(limits.maxEvents),
      `more than ${limits.maxEvents.toLocaleString("en-US")} events (${events.length.toLocaleString("en-US")}): AWS caps an execution history at ${limits.maxEvents.toLocaleString("en-US")}`,
    );
  }
  for (const [what, arn] of [
    ["execution ARN", identity.executionArn],
    ["state machine ARN", identity.stateMachineArn],
  ] as const) {
    if (arn.length > limits.maxArnLength) {
      throw new HistoryInputError(
        places.executionArn,
        `${what} is ${arn.length} characters; AWS ARNs have at most ${limits.maxArnLength}`,
      );
    }
  }
  const machineName = execution.stateMachine?.name;
  if (machineName !== undefined && codePoints(machineName) > limits.maxNameLength) {
    throw new HistoryInputError(
      places.stateMachineName ?? places.executionArn,
      `a state machine name of ${codePoints(machineName)} characters; AWS names have at most ${limits.maxNameLength}`,
    );
  }
  let started = -1;
  let ended: { index: number; event: HistoryEvent; status: ExecutionStatus } | null = null;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as HistoryEvent;
    const at = (path: string): InputLocation => below(places.event(index), path);
    checkPayloads(event, at);
    if (event.type === "ExecutionStarted") {
      if (started >= 0)
        throw new HistoryInputError(
          at("/type"),
          `a second ExecutionStarted (the first is event ${(events[started] as HistoryEvent).id})`,
        );
      started = index;
    }
    if (ended !== null) {
      const redrivable = ended.status !== "SUCCEEDED";
      if (event.type !== "ExecutionRedriven" || !redrivable) {
        throw new HistoryInputError(
          at("/type"),
          `${event.type} after the execution ended at event ${ended.event.id} (${ended.event.type})${redrivable ? "; only ExecutionRedriven may follow" : ""}`,
        );
      }
      ended = null;
    }
    const status = TERMINAL[event.type];
    if (status !== undefined) ended = { index, event, status };
  }
  return describedStatusWarnings(execution, ended, places);
}

function below(place: InputLocation, path: string): InputLocation {
  return path === "" ? place : { ...place, path: `${place.path ?? ""}${path}` };
}

/** Length in Unicode characters (AWS counts those), counted only past the limit's reach in UTF-16 units. */
function codePoints(text: string): number {
  if (text.length <= awsHistoryLimits.maxNameLength) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function checkPayloads(event: HistoryEvent, at: (path: string) => InputLocation): void {
  const limits = awsHistoryLimits;
  const max = limits.maxPayloadBytes;
  for (const key in event) {
    if (!key.endsWith("EventDetails")) continue;
    const details = event[key as `${string}EventDetails`];
    if (details === undefined) continue;
    for (const member in details) {
      const value = details[member];
      if (typeof value !== "string") continue;
      // State names and error names key rollup rows (a btree refuses entries over ~2.7 KB); AWS bounds both.
      if (member === "name" && codePoints(value) > limits.maxNameLength) {
        throw new HistoryInputError(
          at(`/${key}/${member}`),
          `a name of ${codePoints(value)} characters; AWS state names have at most ${limits.maxNameLength}`,
        );
      }
      if (member === "error" && codePoints(value) > limits.maxErrorLength) {
        throw new HistoryInputError(
          at(`/${key}/${member}`),
          `an error name of ${codePoints(value)} characters; AWS error names have at most ${limits.maxErrorLength}`,
        );
      }
      // Three bytes per UTF-16 unit is the most UTF-8 takes: most strings need no encoding.
      if (value.length * 3 <= max) continue;
      const bytes = utf8.encode(value).length;
      if (bytes > max) {
        throw new HistoryInputError(
          at(`/${key}/${member}`),
          `payload of ${bytes.toLocaleString("en-US")} bytes; AWS caps a payload at 256 KiB (${max.toLocaleString("en-US")} bytes) and marks larger ones \`truncated\``,
        );
      }
    }
  }
}

function describedStatusWarnings(
  execution: ParsedExecution,
  ended: { event: HistoryEvent; status: ExecutionStatus } | null,
  places: HistoryPlaces,
): string[] {
  const described = execution.identity.described?.status;
  if (described === undefined) return [];
  const where = places.describedStatus ?? places.executionArn;
  if (ended === null) {
    return described === "RUNNING"
      ? []
      : [`describe-execution says ${described} but the events stop before the execution ended; stored as ${described}`];
  }
  if (described === "RUNNING") {
    return [
      `describe-execution says RUNNING but event ${ended.event.id} (${ended.event.type}) ended the execution: stored as ${ended.status} (describe-execution was probably taken before it ended)`,
    ];
  }
  const consistent = described === ended.status || (described === "PENDING_REDRIVE" && ended.status !== "SUCCEEDED");
  if (!consistent) {
    throw new HistoryInputError(
      where,
      `status ${described} contradicts the events: event ${ended.event.id} (${ended.event.type}) ends the execution ${ended.status}`,
    );
  }
  return [];
}
