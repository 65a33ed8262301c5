import { expressExecutionArn, standardExecutionArn } from "./express/express-execution";
import { HistoryRecorder } from "./history-recorder";
import type { ExecutionOptions, ExecutionResult } from "./execution-options";
import type { AslHistoryEvent } from "./types";

/** The ARNs of an execution, as `executeStateMachine` writes them. */
export interface ExecutionIdentity {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly roleArn: string;
}

type IdentityOptions = Pick<
  ExecutionOptions,
  "stateMachineName" | "executionName" | "partition" | "region" | "accountId" | "roleArn" | "type" | "executionId"
>;

/**
 * `arn:<partition>:states:<region>:<account>:execution:<stateMachine>:<execution>` (Express:
 * `…:express:<stateMachine>:<execution>:<executionId>`) and its
 * state machine's and role's ARNs (defaults `aws`, `us-east-1`, `111111111111`).
 */
export function executionIdentity(options: IdentityOptions): ExecutionIdentity {
  const partition = options.partition ?? "aws";
  const region = options.region ?? "us-east-1";
  const account = options.accountId ?? "111111111111";
  const parts = {
    partition,
    region,
    accountId: account,
    stateMachineName: options.stateMachineName,
    executionName: options.executionName,
  };
  return {
    stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:${options.stateMachineName}`,
    executionArn:
      options.type === "EXPRESS"
        ? expressExecutionArn(parts, options.executionId ?? globalThis.crypto.randomUUID())
        : standardExecutionArn(parts),
    roleArn: options.roleArn ?? `arn:${partition}:iam::${account}:role/stepscope-local`,
  };
}

/**
 * The history of an execution that was stopped from outside the interpreter (its run was
 * killed, so the states it ran are unknown): `ExecutionStarted` (or, for a redrive, the prior
 * history and `ExecutionRedriven`) then `ExecutionFailed` with `error` and `cause`, at `atMs`.
 */
export function stoppedExecutionResult(
  options: IdentityOptions & { readonly input?: string; readonly redriveFrom?: readonly AslHistoryEvent[] },
  error: string,
  cause: string,
  atMs: number,
): ExecutionResult {
  const identity = executionIdentity(options);
  const recorder = new HistoryRecorder(() => atMs);
  let prev: number;
  if (options.redriveFrom === undefined) {
    prev = recorder.add("ExecutionStarted", 0, {
      input: options.input ?? "{}",
      inputDetails: { truncated: false },
      roleArn: identity.roleArn,
    });
  } else {
    for (const event of options.redriveFrom) recorder.events.push(event);
    const redriveCount = options.redriveFrom.filter((e) => e.type === "ExecutionRedriven").length + 1;
    prev = recorder.add("ExecutionRedriven", options.redriveFrom.at(-1)?.id ?? 0, { redriveCount });
  }
  recorder.add("ExecutionFailed", prev, { cause, error });
  return { status: "FAILED", error, cause, events: recorder.events, transitions: 0, ...identity };
}

function stateNameOf(event: AslHistoryEvent): string | null {
  const details = event["stateEnteredEventDetails"] ?? event["stateExitedEventDetails"];
  const name = details?.["name"];
  return typeof name === "string" ? name : null;
}

/**
 * The state that was running when an execution was stopped from outside: the last
 * `*StateEntered` event whose state (by `name`) has been entered more often than exited.
 */
export function runningStateOf(
  events: readonly AslHistoryEvent[],
): { readonly name: string; readonly id: number } | null {
  const open = new Map<string, number>();
  let running: { name: string; id: number } | null = null;
  for (const event of events) {
    const name = stateNameOf(event);
    if (name === null) continue;
    const entered = event.type.endsWith("StateEntered");
    open.set(name, (open.get(name) ?? 0) + (entered ? 1 : -1));
    if (entered) running = { name, id: event.id };
  }
  // The latest entered state still open; else the latest one entered at all that is.
  if (running !== null && (open.get(running.name) ?? 0) > 0) return running;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    const name = stateNameOf(event);
    if (name !== null && event.type.endsWith("StateEntered") && (open.get(name) ?? 0) > 0)
      return { name, id: event.id };
  }
  return null;
}

/**
 * The history of an execution stopped from outside the interpreter (its process was killed at
 * a limit) with the events it had recorded by then (`events`: those its run produced, after a
 * redrive's prior history): they are kept, and `ExecutionFailed` follows the last one, its
 * `cause` naming the state that was running as AWS names a state in a `States.Runtime` cause —
 * `An error occurred while executing the state 'X' (entered at the event id #N). <cause>`.
 * `running` names that state when the events that entered it are not among `events` (they
 * were too large to keep). Without an `ExecutionStarted`/`ExecutionRedriven` first it is
 * {@link stoppedExecutionResult}.
 */
export function interruptedExecutionResult(
  options: IdentityOptions & { readonly input?: string; readonly redriveFrom?: readonly AslHistoryEvent[] },
  events: readonly AslHistoryEvent[],
  error: string,
  cause: string,
  atMs: number,
  running: { readonly name: string; readonly id: number } | null = runningStateOf(events),
): ExecutionResult {
  const first = events[0]?.type;
  const prior = options.redriveFrom ?? [];
  const expected = options.redriveFrom === undefined ? "ExecutionStarted" : "ExecutionRedriven";
  // A partial history must continue exactly where the prior one (if any) ended.
  if (first !== expected || events[0]!.id !== prior.length + 1)
    return stoppedExecutionResult(options, error, cause, atMs);
  const fullCause =
    running === null
      ? cause
      : `An error occurred while executing the state '${running.name}' (entered at the event id #${running.id}). ${cause}`;
  const recorder = new HistoryRecorder(() => atMs);
  for (const event of prior) recorder.events.push(event);
  for (const event of events) recorder.events.push(event);
  recorder.add("ExecutionFailed", events.at(-1)!.id, { cause: fullCause, error });
  const transitions = events.filter((e) => e.type.endsWith("StateEntered")).length;
  return {
    status: "FAILED",
    error,
    cause: fullCause,
    events: recorder.events,
    transitions,
    ...executionIdentity(options),
  };
}
