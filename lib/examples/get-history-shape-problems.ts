import type { ExecutionStatus, HistoryEvent } from "@/lib/history/types";

const terminalStatus: Readonly<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
};

/** The status a history's terminal event says; RUNNING when it has none. */
export function getTerminalStatus(events: readonly HistoryEvent[]): ExecutionStatus {
  const last = events[events.length - 1];
  return (last === undefined ? undefined : terminalStatus[last.type]) ?? "RUNNING";
}

/** The `*EventDetails` members of an event. */
export function getEventDetails(event: HistoryEvent): [string, Readonly<Record<string, unknown>>][] {
  return Object.entries(event)
    .filter(([key]) => key.endsWith("EventDetails"))
    .map(([key, value]) => [key, (value ?? {}) as Readonly<Record<string, unknown>>]);
}

const jsonPayloads = ["input", "output", "parameters"] as const;
const isoMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * What is wrong with a history against the AWS `GetExecutionHistory` contract: ids 1…n,
 * `previousEventId` pointing to an earlier event (or 0: no cause), ISO ms timestamps that
 * never precede their cause, at most one `*EventDetails`, JSON-string payloads with
 * `truncated` flags, `ExecutionStarted` first and a terminal event only last. Empty = fine.
 */
export function getHistoryShapeProblems(events: readonly HistoryEvent[]): string[] {
  const problems: string[] = [];
  events.forEach((event, index) => {
    const at = `event ${event.id} (${event.type})`;
    if (event.id !== index + 1) problems.push(`${at}: id should be ${index + 1}`);
    // AWS writes 0 where an event has no causing event (the first event, and the first state
    // entered after ExecutionStarted in real histories); otherwise it points to an earlier one.
    if (index === 0 ? event.previousEventId !== 0 : event.previousEventId < 0 || event.previousEventId >= event.id) {
      problems.push(`${at}: previousEventId ${event.previousEventId} is not an earlier event`);
    }
    if (!isoMs.test(event.timestamp)) problems.push(`${at}: timestamp ${event.timestamp} is not ISO with ms`);
    const prev = events[event.previousEventId - 1];
    if (prev !== undefined && prev.timestamp > event.timestamp)
      problems.push(`${at}: earlier than its cause ${prev.id}`);
    const details = getEventDetails(event);
    if (details.length > 1) problems.push(`${at}: ${details.length} details members`);
    for (const [key, fields] of details) {
      for (const field of jsonPayloads) {
        const value = fields[field];
        if (value === undefined) continue;
        if (typeof value !== "string") problems.push(`${at}: ${key}.${field} is not a string`);
        else {
          try {
            JSON.parse(value);
          } catch {
            problems.push(`${at}: ${key}.${field} is not JSON`);
          }
        }
        if (
          (field === "input" || field === "output") &&
          JSON.stringify(fields[`${field}Details`]) !== '{"truncated":false}'
        ) {
          problems.push(`${at}: ${key}.${field}Details missing`);
        }
      }
      for (const field of ["error", "cause"] as const) {
        if (fields[field] !== undefined && typeof fields[field] !== "string")
          problems.push(`${at}: ${key}.${field} is not a string`);
      }
    }
    if (index === 0 && event.type !== "ExecutionStarted") problems.push(`${at}: first event is not ExecutionStarted`);
    if (terminalStatus[event.type] !== undefined && index !== events.length - 1)
      problems.push(`${at}: terminal event is not last`);
  });
  return problems;
}
