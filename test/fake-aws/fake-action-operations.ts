import type { HistoryEvent } from "@/lib/history/types";
import type { FakeAwsState, FakeExecution } from "./fake-aws-state";
import { FakeAwsError } from "./fake-aws-error";

/** How the fake's mutating operations behave; set per state with {@link configureFakeActions}. */
export interface FakeActionSettings {
  /** The fake's clock (AWS's redrive window is 14 days from the close). Default: the real time. */
  now: () => Date;
  /** Open (RUNNING) executions allowed per account before `ExecutionLimitExceeded`. Default 1,000,000. */
  openExecutionLimit: number;
  /** What a started execution does: end at once (`SUCCEEDED`, output = input) or stay `RUNNING`. */
  startedStatus: "SUCCEEDED" | "RUNNING";
  /** Told after an operation changed the state, before the answer is sent (a test cuts the caller off there). */
  onApplied?: (op: string, body: Readonly<Record<string, unknown>>) => void;
}

interface FakeActionMemory {
  settings: FakeActionSettings;
  /** `clientToken` of each redrive → the execution and the date it gave. */
  readonly redriveTokens: Map<string, { readonly executionArn: string; readonly redriveDate: Date }>;
}

const memories = new WeakMap<FakeAwsState, FakeActionMemory>();

function memoryOf(state: FakeAwsState): FakeActionMemory {
  let memory = memories.get(state);
  if (!memory) {
    memory = {
      settings: { now: () => new Date(), openExecutionLimit: 1_000_000, startedStatus: "SUCCEEDED" },
      redriveTokens: new Map(),
    };
    memories.set(state, memory);
  }
  return memory;
}

/** Changes how the fake's `StartExecution`, `StopExecution` and `RedriveExecution` behave for `state`. */
export function configureFakeActions(state: FakeAwsState, settings: Partial<FakeActionSettings>): void {
  const memory = memoryOf(state);
  memory.settings = { ...memory.settings, ...settings };
}

const redriveWindowMs = 14 * 86_400_000;
const redriveLaunch = Date.parse("2023-11-15T00:00:00Z");
const maxEvents = 25_000;

/**
 * `redriveStatus` and `redriveStatusReason` as `DescribeExecution` gives them, by AWS's
 * rules: a FAILED, TIMED_OUT or ABORTED Standard execution, closed less than 14 days ago,
 * started on or after 2023-11-15, whose history has room for the redrive's events.
 */
export function fakeRedriveStatus(
  state: FakeAwsState,
  e: FakeExecution,
): { redriveStatus: string; redriveStatusReason?: string } {
  const reason = notRedrivableReason(state, e);
  return reason === null
    ? { redriveStatus: "REDRIVABLE" }
    : { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: reason };
}

function notRedrivableReason(state: FakeAwsState, e: FakeExecution): string | null {
  const machine = state.stateMachines.find((m) => m.stateMachineArn === e.stateMachineArn);
  if (machine?.type === "EXPRESS") return "Express executions cannot be redriven";
  if (e.status === "SUCCEEDED") return "Execution is SUCCEEDED and cannot be redriven";
  if (e.status === "RUNNING" || e.status === "PENDING_REDRIVE")
    return `Execution is ${e.status} and cannot be redriven`;
  if (e.startDate.getTime() < redriveLaunch) return "Execution started before redrive became available";
  const now = memoryOf(state).settings.now();
  if (e.stopDate && now.getTime() - e.stopDate.getTime() > redriveWindowMs)
    return "Execution closed more than 14 days ago";
  if (e.events.length >= maxEvents - 1) return "Execution history would exceed 25,000 events";
  return null;
}

type Body = Readonly<Record<string, unknown>>;
const seconds = (date: Date): number => date.getTime() / 1000;

function str(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "")
    throw new FakeAwsError("ValidationException", `1 validation error detected: '${field}' must not be null`);
  return value;
}

function optionalStr(body: Body, field: string): string | undefined {
  const value = body[field];
  return typeof value === "string" ? value : undefined;
}

function executionOrThrow(state: FakeAwsState, arn: string): FakeExecution {
  const execution = state.executions.find((e) => e.executionArn === arn);
  if (!execution) throw new FakeAwsError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
  return execution;
}

function assertBelowOpenLimit(state: FakeAwsState): void {
  const open = state.executions.filter((e) => e.status === "RUNNING").length;
  if (open >= memoryOf(state).settings.openExecutionLimit) {
    throw new FakeAwsError("ExecutionLimitExceeded", "Maximum number of running executions reached");
  }
}

/** AWS's name rule: 1–80 characters, none of whitespace, `? *`, brackets, `" # % \ ^ | ~ \` $ & , ; : /`, or control characters. */
// eslint-disable-next-line no-control-regex -- AWS names may not contain control characters: matching them is the point.
const invalidName = /[\s?*<>{}[\]"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

function appendEvent(e: FakeExecution, at: Date, type: string, details?: [string, object]): number {
  const id = (e.events[e.events.length - 1]?.id ?? 0) + 1;
  const event: Record<string, unknown> = { id, previousEventId: id - 1, timestamp: at.toISOString(), type };
  if (details) event[details[0]] = details[1];
  e.events.push(event as unknown as HistoryEvent);
  return id;
}

/** The last state entered and never exited: where the execution failed (AWS redrives from there). */
function unfinishedState(events: readonly HistoryEvent[]): { type: string; name: string; input: string } | null {
  const open = new Map<string, { type: string; name: string; input: string }>();
  for (const event of events) {
    const details = event as unknown as {
      stateEnteredEventDetails?: { name: string; input?: string };
      stateExitedEventDetails?: { name: string };
    };
    if (event.type.endsWith("StateEntered") && details.stateEnteredEventDetails) {
      const { name, input } = details.stateEnteredEventDetails;
      open.delete(name);
      open.set(name, { type: event.type.replace(/StateEntered$/, ""), name, input: input ?? "{}" });
    } else if (event.type.endsWith("StateExited") && details.stateExitedEventDetails) {
      open.delete(details.stateExitedEventDetails.name);
    }
  }
  return [...open.values()].at(-1) ?? null;
}

/** Appends what AWS records for a redrive that then succeeds: `ExecutionRedriven`, the failed state run again, `ExecutionSucceeded`. */
function rerun(e: FakeExecution, at: Date): void {
  const tick = (ms: number): Date => new Date(at.getTime() + ms);
  appendEvent(e, tick(0), "ExecutionRedriven", ["executionRedrivenEventDetails", { redriveCount: e.redriveCount }]);
  const state = unfinishedState(e.events);
  const output = state?.input ?? e.input ?? "{}";
  if (state) {
    appendEvent(e, tick(1), `${state.type}StateEntered`, [
      "stateEnteredEventDetails",
      { name: state.name, input: state.input, inputDetails: { truncated: false } },
    ]);
    if (state.type === "Task") {
      const resource = { resourceType: "lambda", resource: "invoke" };
      appendEvent(e, tick(2), "TaskScheduled", [
        "taskScheduledEventDetails",
        { ...resource, region: "us-east-1", parameters: state.input },
      ]);
      appendEvent(e, tick(3), "TaskStarted", ["taskStartedEventDetails", resource]);
      appendEvent(e, tick(40), "TaskSucceeded", [
        "taskSucceededEventDetails",
        { ...resource, output, outputDetails: { truncated: false } },
      ]);
    }
    appendEvent(e, tick(41), `${state.type}StateExited`, [
      "stateExitedEventDetails",
      { name: state.name, output, outputDetails: { truncated: false } },
    ]);
  }
  appendEvent(e, tick(42), "ExecutionSucceeded", [
    "executionSucceededEventDetails",
    { output, outputDetails: { truncated: false } },
  ]);
  e.status = "SUCCEEDED";
  e.stopDate = tick(42);
  e.output = output;
  delete e.error;
  delete e.cause;
}

function redriveExecution(state: FakeAwsState, body: Body): unknown {
  const memory = memoryOf(state);
  const e = executionOrThrow(state, str(body, "executionArn"));
  const clientToken = optionalStr(body, "clientToken");
  const earlier = clientToken ? memory.redriveTokens.get(clientToken) : undefined;
  // The same token again is the same request: AWS answers as it did, without a second redrive.
  if (earlier && earlier.executionArn === e.executionArn) return { redriveDate: seconds(earlier.redriveDate) };
  const reason = notRedrivableReason(state, e);
  if (reason !== null)
    throw new FakeAwsError("ExecutionNotRedrivable", `Execution '${e.executionArn}' cannot be redriven: ${reason}`);
  assertBelowOpenLimit(state);
  const now = memory.settings.now();
  e.redriveCount += 1;
  e.redriveDate = now;
  rerun(e, now);
  if (clientToken) memory.redriveTokens.set(clientToken, { executionArn: e.executionArn, redriveDate: now });
  memory.settings.onApplied?.("RedriveExecution", body);
  return { redriveDate: seconds(now) };
}

function startExecution(state: FakeAwsState, body: Body): unknown {
  const memory = memoryOf(state);
  const stateMachineArn = str(body, "stateMachineArn");
  const machine = state.stateMachines.find((m) => m.stateMachineArn === stateMachineArn);
  if (!machine)
    throw new FakeAwsError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${stateMachineArn}'`);
  const name = optionalStr(body, "name") ?? crypto.randomUUID();
  if (name.length < 1 || name.length > 80 || invalidName.test(name))
    throw new FakeAwsError("InvalidName", `Invalid Name: '${name}'`);
  const input = optionalStr(body, "input") ?? "{}";
  try {
    JSON.parse(input);
  } catch {
    throw new FakeAwsError("InvalidExecutionInput", "Invalid State Machine Execution Input: 'the input is not JSON'");
  }
  const executionArn =
    stateMachineArn.replace(":stateMachine:", machine.type === "EXPRESS" ? ":express:" : ":execution:") + `:${name}`;
  const existing = state.executions.find((e) => e.executionArn === executionArn);
  if (existing) {
    // Standard StartExecution is idempotent for the same name and input while that execution runs.
    if (existing.status === "RUNNING" && existing.input === input)
      return { executionArn, startDate: seconds(existing.startDate) };
    throw new FakeAwsError("ExecutionAlreadyExists", `Execution Already Exists: '${executionArn}'`);
  }
  assertBelowOpenLimit(state);
  const now = memory.settings.now();
  const execution: FakeExecution = {
    executionArn,
    stateMachineArn,
    name,
    status: "RUNNING",
    startDate: now,
    events: [],
    input,
    redriveCount: 0,
    ...(optionalStr(body, "traceHeader") === undefined ? {} : { traceHeader: optionalStr(body, "traceHeader")! }),
  };
  appendEvent(execution, now, "ExecutionStarted", [
    "executionStartedEventDetails",
    { input, inputDetails: { truncated: false }, roleArn: machine.roleArn },
  ]);
  if (memory.settings.startedStatus === "SUCCEEDED") {
    const end = new Date(now.getTime() + 25);
    appendEvent(execution, end, "ExecutionSucceeded", [
      "executionSucceededEventDetails",
      { output: input, outputDetails: { truncated: false } },
    ]);
    execution.status = "SUCCEEDED";
    execution.stopDate = end;
    execution.output = input;
  }
  state.executions.push(execution);
  memory.settings.onApplied?.("StartExecution", body);
  return { executionArn, startDate: seconds(now) };
}

function stopExecution(state: FakeAwsState, body: Body): unknown {
  const e = executionOrThrow(state, str(body, "executionArn"));
  const machine = state.stateMachines.find((m) => m.stateMachineArn === e.stateMachineArn);
  if (machine?.type === "EXPRESS")
    throw new FakeAwsError("ValidationException", "This operation is not supported by this type of state machine");
  const now = memoryOf(state).settings.now();
  if (e.status !== "RUNNING") return { stopDate: seconds(e.stopDate ?? now) };
  const error = optionalStr(body, "error");
  const cause = optionalStr(body, "cause");
  appendEvent(e, now, "ExecutionAborted", [
    "executionAbortedEventDetails",
    { ...(error ? { error } : {}), ...(cause ? { cause } : {}) },
  ]);
  e.status = "ABORTED";
  e.stopDate = now;
  if (error) e.error = error;
  if (cause) e.cause = cause;
  return { stopDate: seconds(now) };
}

/**
 * Answers the Step Functions operations that change executions (`StartExecution`,
 * `StopExecution`, `RedriveExecution`) with AWS's error names; `undefined` for any other
 * operation (the read operations answer those).
 */
export function handleActionOperation(state: FakeAwsState, op: string, body: Body): unknown {
  switch (op) {
    case "RedriveExecution":
      return redriveExecution(state, body);
    case "StartExecution":
      return startExecution(state, body);
    case "StopExecution":
      return stopExecution(state, body);
    default:
      return undefined;
  }
}
