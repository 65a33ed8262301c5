import type { HistoryEvent } from "../../lib/history/types";

/** How the first run of {@link buildRedrivenHistory} ends. */
export type FirstRunEnd = "FAILED" | "ABORTED" | "TIMED_OUT";

/**
 * A Standard execution as AWS records a redrive, in one history: `Prepare` (Pass) succeeds,
 * `Charge` (Lambda Task) fails (or is cut by `ExecutionAborted`/`ExecutionTimedOut` while
 * running); `gapMs` later `ExecutionRedriven` re-enters only `Charge` (succeeded states are
 * not re-run), which succeeds, then `ExecutionSucceeded`.
 */
export function buildRedrivenHistory(
  options: { firstRunEnd?: FirstRunEnd; gapMs?: number; start?: string } = {},
): HistoryEvent[] {
  const end = options.firstRunEnd ?? "FAILED";
  let clock = Date.parse(options.start ?? "2026-11-02T09:00:00.000Z");
  const events: HistoryEvent[] = [];
  const push = (type: string, stepMs: number, details?: [string, object]): number => {
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
  };
  const lambda = { resource: "invoke", resourceType: "lambda" };
  const charge = (outcome: "fail" | "cut" | "succeed") => {
    push("TaskStateEntered", 10, ["stateEnteredEventDetails", { name: "Charge", input: '{"order":7}' }]);
    push("TaskScheduled", 5, [
      "taskScheduledEventDetails",
      { ...lambda, region: "us-east-1", parameters: '{"order":7}', timeoutInSeconds: 30 },
    ]);
    push("TaskStarted", 5, ["taskStartedEventDetails", lambda]);
    if (outcome === "fail")
      push("TaskFailed", 400, [
        "taskFailedEventDetails",
        { ...lambda, error: "Payment.Declined", cause: "card refused" },
      ]);
    if (outcome === "succeed") {
      push("TaskSucceeded", 300, ["taskSucceededEventDetails", { ...lambda, output: '{"charged":true}' }]);
      push("TaskStateExited", 5, ["stateExitedEventDetails", { name: "Charge", output: '{"charged":true}' }]);
    }
  };
  push("ExecutionStarted", 0, ["executionStartedEventDetails", { input: "{}" }]);
  push("PassStateEntered", 10, ["stateEnteredEventDetails", { name: "Prepare", input: "{}" }]);
  push("PassStateExited", 10, ["stateExitedEventDetails", { name: "Prepare", output: '{"order":7}' }]);
  charge(end === "FAILED" ? "fail" : "cut");
  if (end === "FAILED")
    push("ExecutionFailed", 5, ["executionFailedEventDetails", { error: "Payment.Declined", cause: "card refused" }]);
  if (end === "ABORTED")
    push("ExecutionAborted", 2_000, ["executionAbortedEventDetails", { error: "Ops.Stop", cause: "stuck" }]);
  if (end === "TIMED_OUT")
    push("ExecutionTimedOut", 60_000, ["executionTimedOutEventDetails", { error: "States.Timeout" }]);
  push("ExecutionRedriven", options.gapMs ?? 2 * 86_400_000, ["executionRedrivenEventDetails", { redriveCount: 1 }]);
  charge("succeed");
  push("ExecutionSucceeded", 5, ["executionSucceededEventDetails", { output: '{"charged":true}' }]);
  return events;
}
