import { evaluateJsonataField, jsonataStates, processInputPath, processResult } from "../input-output-processing";
import type { StateCtx, StateOutcome } from "./state-context";
import { errorDetails, exceedsPayloadLimit, NOT_TRUNCATED } from "./event-details";
import { isTimeout, type Abandonment, type TaskLimit, unresolved } from "./task-limits";
import type { StateRuntime } from "./state-runtime";
import { isoAt } from "../history-recorder";
import { readPathField } from "./path-field";
import { isJsonataExpression, type JsonataStates } from "../jsonata-eval";
import { evaluatePayloadTemplate } from "../payload-template";
import { StatesError } from "../states-error";
import type { TaskInvocation, TaskOutcome } from "../task-invoker";
import { parseTaskResource } from "../task-resource";
import { taskSubmissionOutput } from "../task-submission";
import { serviceParametersFault } from "../service-parameters";
import { isJsonObject, type Json } from "../types";

/** One attempt of a Task state: its payload, the invocation through the task invoker within its limits, and the events of its resource kind (Lambda, activity, service integration with its pattern). */
export async function runTaskAttempt(rt: StateRuntime, ctx: StateCtx, retryCount: number): Promise<StateOutcome> {
  const { state, name } = ctx;
  const resourceText = String(state["Resource"] ?? "");
  const resource = parseTaskResource(resourceText);
  const jsonata = ctx.frame.language === "JSONata";
  let payload: Json;
  let effective = ctx.input;
  const taskToken =
    resource.kind === "service" && resource.pattern === "waitForTaskToken"
      ? `${rt.options.executionName}-${ctx.enteredId}-token`
      : undefined;
  if (jsonata) {
    const states: JsonataStates = {
      input: ctx.input,
      context: rt.context(name, ctx.enteredIso, retryCount, ctx.frame, taskToken),
    };
    payload =
      state["Arguments"] === undefined
        ? ctx.input
        : await evaluateJsonataField(rt, state["Arguments"], states, ctx.frame, "Arguments");
  } else {
    effective = processInputPath(rt, ctx);
    payload =
      state["Parameters"] === undefined
        ? effective
        : evaluatePayloadTemplate(
            state["Parameters"],
            rt.scope(effective, name, ctx.enteredIso, retryCount, ctx.frame, taskToken),
            rt.options.random,
          );
  }
  const thread = ctx.thread;
  const add = (type: string, details?: Record<string, unknown>, atMs?: number): void => {
    thread.prev = rt.recorder.add(type, thread.prev, details, atMs);
  };
  const timeoutField = secondsField(rt, ctx, "TimeoutSeconds", retryCount);
  const timeout = timeoutField instanceof Promise ? await timeoutField : timeoutField;
  const heartbeatField = secondsField(rt, ctx, "HeartbeatSeconds", retryCount);
  const heartbeat = heartbeatField instanceof Promise ? await heartbeatField : heartbeatField;
  const limits: TaskLimit[] = [];
  if (timeout !== undefined) limits.push({ ms: timeout * 1000, error: "States.Timeout" });
  // Heartbeats apply to activities and callbacks; AWS reports a callback's missed heartbeat as States.Timeout.
  if (heartbeat !== undefined && resource.kind === "activity")
    limits.push({ ms: heartbeat * 1000, error: "States.HeartbeatTimeout", heartbeat: true });
  if (heartbeat !== undefined && resource.kind === "service" && resource.pattern === "waitForTaskToken")
    limits.push({ ms: heartbeat * 1000, error: "States.Timeout", heartbeat: true });
  const beats = limits.some((l) => l.heartbeat === true);
  let outcome: TaskOutcome | null;
  if (resource.kind === "lambda" || resource.kind === "activity") {
    const prefix = resource.kind === "lambda" ? "LambdaFunction" : "Activity";
    const scheduled: Record<string, unknown> = {
      input: JSON.stringify(payload),
      inputDetails: NOT_TRUNCATED,
      resource: resource.arn,
    };
    if (timeout !== undefined) scheduled["timeoutInSeconds"] = timeout;
    if (heartbeat !== undefined && resource.kind === "activity") scheduled["heartbeatInSeconds"] = heartbeat;
    const invoke = () =>
      rt.invokeWithinLimits(
        (beat, abandoned) =>
          rt.options.invoker.invoke(
            taskInvocation(name, resourceText, payload, retryCount, abandoned, undefined, beats ? beat : undefined),
          ),
        limits,
        thread,
      );
    if (resource.kind === "activity") {
      // An activity no worker, mock or recording answers does not exist here: AWS fails before scheduling it.
      const scheduledAt = rt.options.clock.now();
      outcome = await invoke();
      if (outcome === null) throw new StatesError("States.Runtime", `The activity ${resource.arn} does not exist.`);
      add("ActivityScheduled", scheduled, scheduledAt);
      rt.checkAborted(thread);
      add("ActivityStarted", outcome.workerName === undefined ? {} : { workerName: outcome.workerName }, scheduledAt);
    } else {
      const scheduledAt = rt.options.clock.now();
      add("LambdaFunctionScheduled", scheduled);
      const turn = rt.yieldTurn(thread);
      if (turn !== undefined) await turn;
      outcome = (await invoke()) ?? unresolved(name, resourceText);
      rt.checkAborted(thread);
      add("LambdaFunctionStarted", undefined, scheduledAt);
    }
    if (outcome.type === "success")
      add(`${prefix}Succeeded`, { output: JSON.stringify(outcome.output), outputDetails: NOT_TRUNCATED });
    else
      add(
        isTimeout(outcome.error) ? `${prefix}TimedOut` : `${prefix}Failed`,
        errorDetails(outcome.error, outcome.cause),
      );
  } else {
    const base = { resourceType: resource.resourceType, resource: resource.resource };
    const fault = serviceParametersFault(resource.resourceType, resource.resource, payload);
    if (fault !== null)
      throw new StatesError(
        "States.Runtime",
        `The Parameters '${JSON.stringify(payload)}' could not be used to start the Task: [${fault}]`,
      );
    const scheduled: Record<string, unknown> = { ...base, region: rt.region, parameters: JSON.stringify(payload) };
    const credentials = await credentialsRoleArn(rt, ctx, retryCount);
    if (credentials !== undefined) scheduled["taskCredentials"] = { roleArn: credentials };
    if (timeout !== undefined) scheduled["timeoutInSeconds"] = timeout;
    if (heartbeat !== undefined) scheduled["heartbeatInSeconds"] = heartbeat;
    add("TaskScheduled", scheduled);
    // AWS schedules a Task and starts it apart: concurrent branches schedule theirs in between.
    await rt.yieldTurn(thread);
    add("TaskStarted", { ...base });
    outcome = await rt.invokeWithinLimits(
      (beat, abandoned) =>
        rt.options.invoker.invoke(
          taskInvocation(name, resourceText, payload, retryCount, abandoned, taskToken, beats ? beat : undefined),
        ),
      limits,
      thread,
    );
    if (outcome === null) outcome = unresolved(name, resourceText);
    rt.checkAborted(thread);
    if (resource.pattern !== "request-response") {
      const submitted =
        outcome.submitted ??
        taskSubmissionOutput({
          ...base,
          payload,
          outcome,
          uuid: rt.options.random.uuid,
          nowIso: isoAt(rt.options.clock.now()),
        });
      add("TaskSubmitted", { ...base, output: JSON.stringify(submitted), outputDetails: NOT_TRUNCATED });
    }
    if (outcome.type === "success" && exceedsPayloadLimit(JSON.stringify(outcome.output))) {
      outcome = {
        type: "failure",
        error: "States.DataLimitExceeded",
        cause: `The state/task '${resource.resourceType}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      };
    }
    if (outcome.type === "success")
      add("TaskSucceeded", { ...base, output: JSON.stringify(outcome.output), outputDetails: NOT_TRUNCATED });
    else
      add(isTimeout(outcome.error) ? "TaskTimedOut" : "TaskFailed", {
        ...base,
        ...errorDetails(outcome.error, outcome.cause),
      });
  }
  if (outcome.type === "failure") return { kind: "error", error: outcome.error, cause: outcome.cause };
  return processResult(rt, ctx, outcome.output, retryCount);
}

/** `Credentials.RoleArn` (literal, `RoleArn.$` path, or JSONata): recorded as `taskCredentials.roleArn`. */
async function credentialsRoleArn(rt: StateRuntime, ctx: StateCtx, retryCount: number): Promise<string | undefined> {
  const credentials = ctx.state["Credentials"];
  if (!isJsonObject(credentials)) return undefined;
  const value =
    ctx.frame.language === "JSONata"
      ? await evaluateJsonataField(rt, credentials, jsonataStates(rt, ctx, {}, retryCount), ctx.frame, "Credentials")
      : evaluatePayloadTemplate(
          credentials,
          rt.scope(ctx.input, ctx.name, ctx.enteredIso, retryCount, ctx.frame),
          rt.options.random,
        );
  const roleArn = isJsonObject(value) ? value["RoleArn"] : undefined;
  return typeof roleArn === "string" ? roleArn : undefined;
}

/**
 * `TimeoutSeconds`/`HeartbeatSeconds` (a number, a JSONata expression) or their `*Path` (JSONPath);
 * a promise only for a JSONata expression (a number or a path needs no turn of the event loop).
 */
function secondsField(
  rt: StateRuntime,
  ctx: StateCtx,
  field: "TimeoutSeconds" | "HeartbeatSeconds",
  retryCount: number,
): number | undefined | Promise<number | undefined> {
  const value = ctx.state[field];
  if (typeof value === "number") return value;
  if (isJsonataExpression(value)) {
    return evaluateJsonataField(rt, value, jsonataStates(rt, ctx, {}, retryCount), ctx.frame, field).then(
      (evaluated) => (typeof evaluated === "number" ? evaluated : undefined),
    );
  }
  const path = ctx.state[`${field}Path`];
  if (typeof path === "string") {
    return readPathField(
      `${field}Path`,
      path,
      rt.scope(ctx.input, ctx.name, ctx.enteredIso, retryCount, ctx.frame),
    ) as number;
  }
  return undefined;
}

/**
 * What the invoker is asked: `abandoned` is read through a getter, so the attempt's signal is made
 * only for an invoker that looks at it (see {@link Abandonment}); `taskToken`/`heartbeat` only when given.
 */
function taskInvocation(
  stateName: string,
  resource: string,
  payload: Json,
  retryCount: number,
  abandoned: Abandonment,
  taskToken: string | undefined,
  heartbeat: (() => void) | undefined,
): TaskInvocation {
  const invocation: { -readonly [K in keyof TaskInvocation]: TaskInvocation[K] } = {
    stateName,
    resource,
    payload,
    retryCount,
    get abandoned(): AbortSignal {
      return abandoned.signal;
    },
  };
  if (taskToken !== undefined) invocation.taskToken = taskToken;
  if (heartbeat !== undefined) invocation.heartbeat = heartbeat;
  return invocation;
}
