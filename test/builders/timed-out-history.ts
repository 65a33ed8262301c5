import type { HistoryEvent } from "../../lib/history/types";

/** A history under construction: events appended with ids, chained `previousEventId`s and a clock. */
export function historyBuilder(start = "2026-11-02T09:00:00.000Z") {
  let clock = Date.parse(start);
  const events: HistoryEvent[] = [];
  return {
    events,
    /** Appends an event `stepMs` after the previous one; returns its id. */
    push(type: string, stepMs: number, details?: [string, object]): number {
      clock += stepMs;
      const id = events.length + 1;
      const event: Record<string, unknown> = {
        id,
        previousEventId: id - 1,
        timestamp: new Date(clock).toISOString(),
        type,
      };
      if (details) event[details[0]] = details[1];
      events.push(event as unknown as HistoryEvent);
      return id;
    },
  };
}

/**
 * A Task (`Await`, an SQS `.waitForTaskToken` with `TimeoutSeconds` 600 and `HeartbeatSeconds`
 * 30, retried once) whose attempts end in `TaskTimedOut` after `ranSeconds` each (30: the
 * heartbeat limit; 600: the total limit), then `ExecutionFailed` with `States.Timeout`.
 */
export function buildTaskTimeoutHistory(ranSeconds: readonly number[]): HistoryEvent[] {
  const h = historyBuilder();
  const sqs = { resource: "sendMessage.waitForTaskToken", resourceType: "sqs" };
  h.push("ExecutionStarted", 0, ["executionStartedEventDetails", { input: "{}" }]);
  h.push("TaskStateEntered", 10, ["stateEnteredEventDetails", { name: "Await", input: "{}" }]);
  for (const s of ranSeconds) {
    h.push("TaskScheduled", 1_000, [
      "taskScheduledEventDetails",
      { ...sqs, region: "us-east-1", parameters: "{}", timeoutInSeconds: 600, heartbeatInSeconds: 30 },
    ]);
    h.push("TaskStarted", 20, ["taskStartedEventDetails", sqs]);
    h.push("TaskTimedOut", s * 1000 - 20 + 150, ["taskTimedOutEventDetails", { ...sqs, error: "States.Timeout" }]);
  }
  h.push("ExecutionFailed", 5, ["executionFailedEventDetails", { error: "States.Timeout" }]);
  return h.events;
}

/** `Prepare` (Pass) then `Hold` (Wait) running when `ExecutionTimedOut` (or `ExecutionAborted`, with `error`/`cause`) ends it. */
export function buildStoppedHistory(end: "TIMED_OUT" | "ABORTED", afterMs: number): HistoryEvent[] {
  const h = historyBuilder();
  h.push("ExecutionStarted", 0, ["executionStartedEventDetails", { input: "{}" }]);
  h.push("PassStateEntered", 10, ["stateEnteredEventDetails", { name: "Prepare", input: "{}" }]);
  h.push("PassStateExited", 10, ["stateExitedEventDetails", { name: "Prepare", output: "{}" }]);
  h.push("WaitStateEntered", 10, ["stateEnteredEventDetails", { name: "Hold", input: "{}" }]);
  if (end === "TIMED_OUT")
    h.push("ExecutionTimedOut", afterMs - 30, ["executionTimedOutEventDetails", { error: "States.Timeout" }]);
  else
    h.push("ExecutionAborted", afterMs - 30, [
      "executionAbortedEventDetails",
      { error: "Ops.Drain", cause: "region failover" },
    ]);
  return h.events;
}
