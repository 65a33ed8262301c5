import type { TaskOutcome } from "./task-invoker";
import type { AslHistoryEvent, Json } from "./types";

const ENDED = /^(Task|LambdaFunction|Activity)(Succeeded|Failed|TimedOut)$/;

function detailsOf(event: AslHistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event))
    if (key.endsWith("EventDetails") && typeof value === "object" && value !== null)
      return value as Record<string, unknown>;
  return {};
}

function parsePayload(text: unknown): Json {
  if (typeof text !== "string") return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * The Task results a recorded history holds, per Task state name, attempt by attempt in the
 * order the history holds them: a `*Succeeded` event's `output`, a `*Failed`/`*TimedOut`
 * event's `error` and `cause` (a `TimedOut` without an `error` is `States.Timeout`), with the
 * `TaskSubmitted` output of `.sync`/`.waitForTaskToken` attempts and the `ActivityStarted`
 * `workerName` of activity attempts. Task events carry no state name: each is attributed to
 * the last `TaskStateEntered` before it on its `previousEventId` chain (so iterations of a Map
 * and branches of a Parallel are told apart by chain, and listed together under the state).
 */
export function recordedTaskOutcomes(events: readonly AslHistoryEvent[]): Map<string, TaskOutcome[]> {
  const answers = new Map<string, TaskOutcome[]>();
  const stateOfEvent = new Map<number, string>();
  const submitted = new Map<string, Json>();
  const workers = new Map<string, string>();
  for (const event of events) {
    let state: string | undefined;
    if (event.type === "TaskStateEntered") state = String(detailsOf(event)["name"] ?? "");
    else state = stateOfEvent.get(event.previousEventId);
    if (state !== undefined) stateOfEvent.set(event.id, state);
    if (event.type === "TaskSubmitted" && state !== undefined)
      submitted.set(state, parsePayload(detailsOf(event)["output"]));
    const worker = event.type === "ActivityStarted" ? detailsOf(event)["workerName"] : undefined;
    if (typeof worker === "string" && state !== undefined) workers.set(state, worker);
    const ended = ENDED.exec(event.type);
    if (ended === null || state === undefined) continue;
    const details = detailsOf(event);
    let outcome: TaskOutcome =
      ended[2] === "Succeeded"
        ? { type: "success", output: parsePayload(details["output"]) }
        : typeof details["cause"] === "string"
          ? { type: "failure", error: String(details["error"] ?? "States.TaskFailed"), cause: details["cause"] }
          : {
              type: "failure",
              error: String(details["error"] ?? (ended[2] === "TimedOut" ? "States.Timeout" : "States.TaskFailed")),
            };
    const submission = submitted.get(state);
    if (submission !== undefined) {
      outcome = { ...outcome, submitted: submission };
      submitted.delete(state);
    }
    const workerName = workers.get(state);
    if (workerName !== undefined) {
      outcome = { ...outcome, workerName };
      workers.delete(state);
    }
    answers.set(state, [...(answers.get(state) ?? []), outcome]);
  }
  return answers;
}
