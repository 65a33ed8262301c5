import type { TaskInvoker, TaskOutcome } from "./task-invoker";
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
 * A {@link TaskInvoker} that replays a recorded history: each Task state gets, attempt by
 * attempt, the results its earlier run recorded (`*Succeeded` output, `*Failed`/`*TimedOut`
 * `error` and `cause`, with the `TaskSubmitted` output of `.sync`/`.waitForTaskToken`
 * attempts and the worker name of activity attempts), in the order the history holds them. A state the history never ran,
 * or an attempt beyond the recorded ones, is left unresolved.
 */
export function createRecordedHistoryInvoker(events: readonly AslHistoryEvent[]): TaskInvoker {
  const answers = new Map<string, TaskOutcome[]>();
  // Task events carry no state name: attribute each to the last TaskStateEntered before it on its chain.
  const stateOfEvent = new Map<number, string>();
  // `TaskSubmitted.output` of a `.sync`/`.waitForTaskToken` attempt, served with its end.
  const submitted = new Map<string, Json>();
  // `ActivityStarted.workerName` of an activity attempt.
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
  const served = new Map<string, number>();
  return {
    invoke({ stateName }) {
      const list = answers.get(stateName);
      const n = served.get(stateName) ?? 0;
      if (list === undefined || n >= list.length) return Promise.resolve(null);
      served.set(stateName, n + 1);
      return Promise.resolve(list[n] ?? null);
    },
  };
}
