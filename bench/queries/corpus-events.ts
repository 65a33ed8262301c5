import { row } from "./copy-rows";
import { generateExecutions, orderInput, type GeneratedExecution, type Machine } from "./generate-corpus";

const iso = (ms: number) => new Date(ms).toISOString();

/** The events of one execution in AWS shapes: Lambda Task states, retries as TaskFailed → TaskScheduled → TaskStarted. */
export function* eventLines(e: GeneratedExecution): Generator<string> {
  const m = e.machine;
  const step = (e.durationMs ?? 60_000) / e.eventCount;
  let id = 0;
  const ev = (type: string, state: string | null, details: object) => {
    id++;
    return row(
      e.id,
      id,
      id - 1,
      iso(e.startMs + Math.round(step * (id - 1))),
      type,
      state,
      JSON.stringify(details),
      iso(e.startMs),
    );
  };
  const lambda = { resourceType: "lambda", resource: "invoke" };
  yield ev("ExecutionStarted", null, {
    executionStartedEventDetails: {
      input: orderInput(e.id),
      inputDetails: { truncated: false },
      roleArn: `arn:aws:iam::${m.account}:role/sfn-${m.name}`,
    },
  });
  for (let k = 0; k < e.tasks; k++) {
    const name = m.states[k % m.states.length]!;
    const payload = `{"orderId":"o-${e.id}","step":${k}}`;
    yield ev("TaskStateEntered", name, {
      stateEnteredEventDetails: { name, input: payload, inputDetails: { truncated: false } },
    });
    const scheduled = {
      taskScheduledEventDetails: {
        ...lambda,
        region: m.region,
        parameters: `{"FunctionName":"arn:aws:lambda:${m.region}:${m.account}:function:${name}","Payload":${payload}}`,
      },
    };
    yield ev("TaskScheduled", name, scheduled);
    yield ev("TaskStarted", name, { taskStartedEventDetails: lambda });
    for (let t = 0; t < (e.retriesAt.get(k) ?? 0); t++) {
      yield ev("TaskFailed", name, {
        taskFailedEventDetails: { ...lambda, error: "Lambda.TooManyRequestsException", cause: "Rate Exceeded." },
      });
      yield ev("TaskScheduled", name, scheduled);
      yield ev("TaskStarted", name, { taskStartedEventDetails: lambda });
    }
    if (k === e.failedAt) {
      const timedOut = e.status === "TIMED_OUT";
      yield ev(timedOut ? "TaskTimedOut" : "TaskFailed", name, {
        [timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails"]: {
          ...lambda,
          error: e.error,
          cause: e.cause,
        },
      });
      break;
    }
    yield ev("TaskSucceeded", name, {
      taskSucceededEventDetails: { ...lambda, output: payload, outputDetails: { truncated: false } },
    });
    yield ev("TaskStateExited", name, {
      stateExitedEventDetails: { name, output: payload, outputDetails: { truncated: false } },
    });
  }
  const end: Record<string, [string, object]> = {
    SUCCEEDED: [
      "ExecutionSucceeded",
      { executionSucceededEventDetails: { output: `{"ok":true}`, outputDetails: { truncated: false } } },
    ],
    FAILED: ["ExecutionFailed", { executionFailedEventDetails: { error: e.error, cause: e.cause } }],
    TIMED_OUT: ["ExecutionTimedOut", { executionTimedOutEventDetails: { error: "States.Timeout" } }],
    ABORTED: ["ExecutionAborted", { executionAbortedEventDetails: {} }],
  };
  const last = end[e.status];
  if (last) yield ev(last[0], null, last[1]);
}

export function* allEventLines(
  count: number,
  now: number,
  machines: readonly Machine[],
  giants: number,
): Generator<string> {
  for (const e of generateExecutions(count, now, machines, giants)) yield* eventLines(e);
}
