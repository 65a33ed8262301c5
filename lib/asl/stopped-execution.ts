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
  "stateMachineName" | "executionName" | "partition" | "region" | "accountId" | "roleArn"
>;

/**
 * `arn:<partition>:states:<region>:<account>:execution:<stateMachine>:<execution>` and its
 * state machine's and role's ARNs (defaults `aws`, `us-east-1`, `111111111111`).
 */
export function executionIdentity(options: IdentityOptions): ExecutionIdentity {
  const partition = options.partition ?? "aws";
  const region = options.region ?? "us-east-1";
  const account = options.accountId ?? "111111111111";
  return {
    stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:${options.stateMachineName}`,
    executionArn: `arn:${partition}:states:${region}:${account}:execution:${options.stateMachineName}:${options.executionName}`,
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
