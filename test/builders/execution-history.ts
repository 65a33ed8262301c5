import type {
  Attempt,
  DerivedHistory,
  ExecutionStatus,
  HistoryEvent,
  ParsedExecution,
  StateRun,
} from "../../lib/history/types";

export interface ExecutionHistoryOptions {
  /** Execution name; the ARN is built from it. */
  readonly name?: string;
  readonly stateMachineName?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** Task states run in sequence. Default 3. */
  readonly tasks?: number;
  /** Every `retryEvery`-th task fails once with `States.TaskFailed` and is retried. 0: never. Default 0. */
  readonly retryEvery?: number;
  /** `SUCCEEDED`: the history ends; `RUNNING`: it stops after the last task (no terminal event); `FAILED`: the last task fails uncaught. */
  readonly status?: Extract<ExecutionStatus, "SUCCEEDED" | "RUNNING" | "FAILED">;
  /** ISO start. Default 2024-03-17T11:10:40.000Z. */
  readonly startDate?: string;
  /** Bytes of padding in each payload, to make events the size AWS ones are. Default 64. */
  readonly payloadBytes?: number;
  /** ASL text; when set, `stateMachine` is filled as `describe-state-machine` would. */
  readonly definition?: string;
}

export interface BuiltExecution {
  readonly parsed: ParsedExecution;
  readonly derived: DerivedHistory;
}

/**
 * A history in the shape AWS returns for a chain of Lambda Task states (`TaskStateEntered`,
 * `TaskScheduled`, `TaskStarted`, `TaskSucceeded`|`TaskFailed`, `TaskStateExited`), with
 * the summary, state runs and attempts derived alongside, so store tests and the import
 * benchmark don't depend on `lib/history`'s parser and derivation.
 */
export function buildExecutionHistory(options: ExecutionHistoryOptions = {}): BuiltExecution {
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "123456789012";
  const machine = options.stateMachineName ?? "OrderPipeline";
  const name = options.name ?? "exec-1";
  const tasks = options.tasks ?? 3;
  const status = options.status ?? "SUCCEEDED";
  const pad = "x".repeat(options.payloadBytes ?? 64);
  const stateMachineArn = `arn:aws:states:${region}:${accountId}:stateMachine:${machine}`;
  const executionArn = `arn:aws:states:${region}:${accountId}:execution:${machine}:${name}`;
  const start = Date.parse(options.startDate ?? "2024-03-17T11:10:40.000Z");
  const functionArn = `arn:aws:lambda:${region}:${accountId}:function:${machine}-worker`;

  const events: HistoryEvent[] = [];
  let clock = start;
  const at = (stepMs: number) => new Date((clock += stepMs)).toISOString();
  const push = (type: string, previousEventId: number, stepMs: number, details?: [string, object]): number => {
    const id = events.length + 1;
    const event: Record<string, unknown> = { id, previousEventId, timestamp: at(stepMs), type };
    if (details) event[details[0]] = details[1];
    events.push(event as unknown as HistoryEvent);
    return id;
  };
  const payload = (i: number) => JSON.stringify({ orderId: `o-${i}`, step: i, note: pad });

  const input = payload(0);
  let previous = push("ExecutionStarted", 0, 0, [
    "executionStartedEventDetails",
    { input, inputDetails: { truncated: false }, roleArn: `arn:aws:iam::${accountId}:role/${machine}` },
  ]);
  const runs: StateRun[] = [];
  let retries = 0;
  let output = input;
  let failure: { error: string; cause: string; eventId: number; run: StateRun } | null = null;
  for (let t = 1; t <= tasks; t += 1) {
    const stateName = `Step${t}`;
    const stateInput = output;
    const entered = push("TaskStateEntered", previous, 3, [
      "stateEnteredEventDetails",
      { name: stateName, input: stateInput, inputDetails: { truncated: false } },
    ]);
    const enteredAt = events[entered - 1]!.timestamp;
    const attempts: Attempt[] = [];
    const failsOnce = options.retryEvery ? t % options.retryEvery === 0 : false;
    const failsFinally = status === "FAILED" && t === tasks;
    let last = entered;
    const tries = failsOnce ? 2 : 1;
    for (let a = 0; a < tries; a += 1) {
      const backoffMs = a === 0 ? null : 1000;
      const scheduled = push("TaskScheduled", last, backoffMs ?? 2, [
        "taskScheduledEventDetails",
        {
          resource: "invoke",
          resourceType: "lambda",
          region,
          parameters: JSON.stringify({ FunctionName: functionArn, Payload: JSON.parse(stateInput) as unknown }),
        },
      ]);
      const started = push("TaskStarted", scheduled, 20, [
        "taskStartedEventDetails",
        { resource: "invoke", resourceType: "lambda" },
      ]);
      const fails = (failsOnce && a === 0) || failsFinally;
      let end: number;
      if (fails) {
        end = push("TaskFailed", started, 150, [
          "taskFailedEventDetails",
          {
            resource: "invoke",
            resourceType: "lambda",
            error: "States.TaskFailed",
            cause: `worker crashed at step ${t}`,
          },
        ]);
      } else {
        output = payload(t);
        end = push("TaskSucceeded", started, 150, [
          "taskSucceededEventDetails",
          {
            resource: "invoke",
            resourceType: "lambda",
            output,
            outputDetails: { truncated: false },
          },
        ]);
      }
      attempts.push({
        index: a,
        startEventId: scheduled,
        endEventId: end,
        startedAt: events[scheduled - 1]!.timestamp,
        endedAt: events[end - 1]!.timestamp,
        status: fails ? "FAILED" : "SUCCEEDED",
        error: fails ? "States.TaskFailed" : null,
        cause: fails ? `worker crashed at step ${t}` : null,
        backoffMs,
      });
      last = end;
    }
    retries += tries - 1;
    if (failsFinally) {
      const run: StateRun = {
        key: `${stateName}#${entered}`,
        name: stateName,
        stateType: "Task",
        scope: [],
        parentKey: null,
        enteredEventId: entered,
        exitedEventId: null,
        enteredAt,
        exitedAt: null,
        status: "FAILED",
        input: stateInput,
        output: null,
        error: "States.TaskFailed",
        cause: `worker crashed at step ${t}`,
        attempts,
        retryCount: tries - 1,
      };
      runs.push(run);
      failure = { error: "States.TaskFailed", cause: `worker crashed at step ${t}`, eventId: last, run };
      previous = last;
      break;
    }
    const exited = push("TaskStateExited", last, 2, [
      "stateExitedEventDetails",
      { name: stateName, output, outputDetails: { truncated: false } },
    ]);
    runs.push({
      key: `${stateName}#${entered}`,
      name: stateName,
      stateType: "Task",
      scope: [],
      parentKey: null,
      enteredEventId: entered,
      exitedEventId: exited,
      enteredAt,
      exitedAt: events[exited - 1]!.timestamp,
      status: "SUCCEEDED",
      input: stateInput,
      output,
      error: null,
      cause: null,
      attempts,
      retryCount: tries - 1,
    });
    previous = exited;
  }
  if (status === "SUCCEEDED") {
    push("ExecutionSucceeded", previous, 5, [
      "executionSucceededEventDetails",
      { output, outputDetails: { truncated: false } },
    ]);
  } else if (status === "FAILED" && failure) {
    push("ExecutionFailed", previous, 5, [
      "executionFailedEventDetails",
      { error: failure.error, cause: failure.cause },
    ]);
  }
  const startDate = events[0]!.timestamp;
  const stopDate = status === "RUNNING" ? null : events[events.length - 1]!.timestamp;
  const parsed: ParsedExecution = {
    identity: {
      executionArn,
      stateMachineArn,
      name,
      stateMachineName: machine,
      type: "STANDARD",
      region,
      accountId,
      described: null,
    },
    stateMachine: options.definition
      ? {
          stateMachineArn,
          name: machine,
          type: "STANDARD",
          definition: options.definition,
          roleArn: null,
          revisionId: null,
          loggingConfiguration: null,
        }
      : null,
    events,
  };
  const derived: DerivedHistory = {
    summary: {
      status,
      startDate,
      stopDate,
      durationMs: stopDate ? Date.parse(stopDate) - Date.parse(startDate) : null,
      input,
      output: status === "SUCCEEDED" ? output : null,
      error: failure?.error ?? null,
      cause: failure?.cause ?? null,
      rootCause: failure
        ? {
            stateName: failure.run.name,
            runKey: failure.run.key,
            scope: [],
            error: failure.error,
            cause: failure.cause,
            eventId: failure.eventId,
          }
        : null,
      eventCount: events.length,
      redriveCount: 0,
      roleArn: `arn:aws:iam::${accountId}:role/${machine}`,
      stateMachineAliasArn: null,
      stateMachineVersionArn: null,
    },
    stateRuns: runs,
    cost: { billableTransitions: runs.length + retries + 1, retries, mapRunChildExecutions: 0 },
  };
  return { parsed, derived };
}
