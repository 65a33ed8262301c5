import type { HistoryEvent, ParsedExecution } from "@/lib/history/types";
import type { FakeAwsState, FakeExecution } from "./fake-aws-state";

const terminalStatus: Readonly<Record<string, FakeExecution["status"]>> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
};

/** The status a history's last event gives (RUNNING when it has not ended). */
export function statusOfEvents(events: readonly HistoryEvent[]): FakeExecution["status"] {
  const last = events[events.length - 1];
  return (last && terminalStatus[last.type]) ?? "RUNNING";
}

/** Adds `executions` (with their state machines, once each) as Standard executions to the fake. */
export function addExecutionsToFake(state: FakeAwsState, executions: readonly ParsedExecution[]): FakeExecution[] {
  return executions.map((parsed) => {
    const machine = parsed.stateMachine;
    if (!state.stateMachines.some((m) => m.stateMachineArn === parsed.identity.stateMachineArn)) {
      state.stateMachines.push({
        stateMachineArn: parsed.identity.stateMachineArn,
        name: parsed.identity.stateMachineName,
        type: "STANDARD",
        definition: machine?.definition ?? '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
        roleArn: machine?.roleArn ?? "arn:aws:iam::123456789012:role/sfn",
        creationDate: new Date("2024-01-01T00:00:00Z"),
      });
    }
    const events = [...parsed.events];
    const status = statusOfEvents(events);
    const last = events[events.length - 1];
    const execution: FakeExecution = {
      executionArn: parsed.identity.executionArn,
      stateMachineArn: parsed.identity.stateMachineArn,
      name: parsed.identity.name,
      status,
      startDate: new Date(events[0]?.timestamp ?? Date.now()),
      events,
      redriveCount: 0,
      ...(status !== "RUNNING" && last ? { stopDate: new Date(last.timestamp) } : {}),
    };
    state.executions.push(execution);
    return execution;
  });
}

/** Express log records of `events` (every scalar a string, `event_timestamp` in ms) as CloudWatch Logs messages. */
export function expressLogMessages(
  executionArn: string,
  events: readonly HistoryEvent[],
): { timestamp: number; message: string }[] {
  return events.map((event) => {
    const { id, previousEventId, timestamp, type, ...rest } = event;
    const details = Object.values(rest)[0];
    const ms = new Date(timestamp).getTime();
    return {
      timestamp: ms,
      message: JSON.stringify({
        id: String(id),
        type,
        details: stringScalars(details ?? {}),
        previous_event_id: String(previousEventId),
        event_timestamp: String(ms),
        execution_arn: executionArn,
        redrive_count: "0",
      }),
    };
  });
}

function stringScalars(value: unknown): unknown {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(stringScalars);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringScalars(v)]));
  return value;
}

/**
 * Turns `parent` (already in the fake) into a Distributed Map execution: its history gets a
 * `MapRunStarted`/`MapRunSucceeded` pair before its last event, and `children` become the
 * Map Run's child executions — listed through `ListMapRuns`/`ListExecutions(mapRunArn)`
 * only, as AWS does (their state machine `<parent machine>/<label>` is not listed).
 * Returns the Map Run ARN and the children as the fake holds them.
 */
export function addMapRunToFake(
  state: FakeAwsState,
  parent: FakeExecution,
  label: string,
  children: readonly ParsedExecution[],
): { mapRunArn: string; children: FakeExecution[] } {
  const machineName = parent.stateMachineArn.replace(/^.*:stateMachine:/, "");
  const account = parent.executionArn.split(":")[4];
  const region = parent.executionArn.split(":")[3];
  const mapRunArn = `arn:aws:states:${region}:${account}:mapRun:${machineName}/${label}:${parent.name}-run-1`;
  const first = parent.events[0] as HistoryEvent;
  const last = parent.events[parent.events.length - 1] as HistoryEvent;
  const at = (ms: number): string => new Date(Date.parse(first.timestamp) + ms).toISOString();
  parent.events = [
    ...parent.events.slice(0, -1),
    {
      id: last.id,
      previousEventId: last.previousEventId,
      timestamp: at(10),
      type: "MapRunStarted",
      mapRunStartedEventDetails: { mapRunArn },
    },
    { id: last.id + 1, previousEventId: last.id, timestamp: at(20), type: "MapRunSucceeded" },
    { ...last, id: last.id + 2, previousEventId: last.id + 1, timestamp: at(30) },
  ] as HistoryEvent[];
  state.mapRuns.push({
    mapRunArn,
    executionArn: parent.executionArn,
    startDate: new Date(at(10)),
    status: "SUCCEEDED",
  });
  const added = addExecutionsToFake(state, children);
  for (const child of added) Object.assign(child, { mapRunArn });
  const childMachines = new Set(added.map((c) => c.stateMachineArn));
  for (let i = state.stateMachines.length - 1; i >= 0; i -= 1)
    if (childMachines.has(state.stateMachines[i]!.stateMachineArn)) state.stateMachines.splice(i, 1);
  return { mapRunArn, children: added };
}
