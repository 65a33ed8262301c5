import { randomUUID } from "node:crypto";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import { isJsonObject, type AslHistoryEvent, type Json, type JsonObject } from "@/lib/asl/types";
import { checkDefinitionOrThrow } from "./check-definition";
import type { Operation } from "./endpoint-context";
import { RequestFields } from "./request-fields";
import { SfnError, validationError } from "./sfn-error";

/** The name the tested state runs under. */
const stateName = "TestState";

function parseJson(text: string, what: string, type: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new SfnError(type, `${what} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The state's `Next`, `Default`, `Choices[].Next` and `Catch[].Next`: where it may go. */
function targetsOf(state: JsonObject): string[] {
  const targets = new Set<string>();
  const add = (value: unknown) => typeof value === "string" && targets.add(value);
  add(state["Next"]);
  add(state["Default"]);
  for (const list of [state["Choices"], state["Catch"]])
    if (Array.isArray(list)) for (const item of list) if (isJsonObject(item)) add(item["Next"]);
  targets.delete(stateName);
  return [...targets];
}

/** Whether a `Retry` of the state would retry `error` after `retryCount` retries (AWS's matching: the first retrier naming it, or `States.ALL`). */
function isRetriable(state: JsonObject, error: string, retryCount: number): boolean {
  const retriers = Array.isArray(state["Retry"]) ? state["Retry"] : [];
  for (const retrier of retriers) {
    if (!isJsonObject(retrier) || !Array.isArray(retrier["ErrorEquals"])) continue;
    const names = retrier["ErrorEquals"];
    if (!names.includes(error) && !(names.includes("States.ALL") && error !== "States.Runtime")) continue;
    const max = typeof retrier["MaxAttempts"] === "number" ? retrier["MaxAttempts"] : 3;
    return retryCount < max;
  }
  return false;
}

function detailsOf(event: AslHistoryEvent): Record<string, unknown> {
  const key = Object.keys(event).find((k) => k.endsWith("EventDetails"));
  const details = key === undefined ? undefined : (event as unknown as Record<string, unknown>)[key];
  return typeof details === "object" && details !== null ? (details as Record<string, unknown>) : {};
}

/**
 * `TestState`: runs one state (the `definition`) on a virtual clock, its Task answered by `mock`
 * (`result`, or `errorOutput` with `error` and `cause`); answers `status` (SUCCEEDED, FAILED,
 * RETRIABLE when one of its retriers would retry the error after `stateConfiguration.retrierRetryCount`
 * retries, CAUGHT_ERROR when a catcher took it), `output`, `error`, `cause`, `nextState`, and with
 * `inspectionLevel` DEBUG or TRACE, `inspectionData` (`input`, the Task's `result`). A Task without
 * a mock is not called (there is no AWS here): it fails with `States.TaskFailed`.
 */
export const testState: Operation = async (_ctx, body) => {
  const fields = new RequestFields(body);
  const definitionText = fields.string("definition");
  const input = fields.optionalString("input") ?? "{}";
  parseJson(input, "input", "InvalidExecutionInput");
  const level = fields.optionalString("inspectionLevel") ?? "INFO";
  if (!["INFO", "DEBUG", "TRACE"].includes(level))
    throw validationError("inspectionLevel", "Member must satisfy enum value set: [INFO, DEBUG, TRACE]", level);
  const state = parseJson(definitionText, "definition", "InvalidDefinition");
  if (!isJsonObject(state) || typeof state["Type"] !== "string")
    throw new SfnError(
      "InvalidDefinition",
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: a state must be an object with a Type at /'",
    );
  const mock = fields.optionalObject("mock");
  const retryCount = (() => {
    const config = fields.optionalObject("stateConfiguration");
    const count = config?.["retrierRetryCount"];
    return typeof count === "number" && Number.isInteger(count) && count >= 0 ? count : 0;
  })();
  const { Retry: _retry, ...once } = state;
  const machine: JsonObject = {
    StartAt: stateName,
    States: { [stateName]: once, ...Object.fromEntries(targetsOf(state).map((t) => [t, { Type: "Succeed" }])) },
  };
  const definition = checkDefinitionOrThrow(JSON.stringify(machine));
  let result: Json | undefined;
  const invoker: TaskInvoker = {
    invoke: () => {
      if (mock === undefined) return Promise.resolve(null);
      const errorOutput = mock["errorOutput"];
      if (isJsonObject(errorOutput as Json)) {
        const e = errorOutput as JsonObject;
        const outcome: TaskOutcome = {
          type: "failure",
          error: typeof e["error"] === "string" ? e["error"] : "",
          ...(typeof e["cause"] === "string" ? { cause: e["cause"] } : {}),
        };
        return Promise.resolve(outcome);
      }
      const text = typeof mock["result"] === "string" ? mock["result"] : "null";
      result = parseJson(text, "mock.result", "ValidationException");
      return Promise.resolve({ type: "success", output: result });
    },
  };
  const run = await executeStateMachine({
    definition,
    input,
    stateMachineName: "TestState",
    executionName: randomUUID(),
    clock: createVirtualClock(Date.now()),
    invoker,
    random: { random: Math.random, uuid: randomUUID },
    maxEvents: 25_000,
  });
  const events = run.events;
  const entered = events.filter((e) => e.type.endsWith("StateEntered"));
  const next = entered[1];
  const nextState = next === undefined ? undefined : String(detailsOf(next)["name"]);
  const failure = events.find((e) => /(Failed|TimedOut)$/.test(e.type) && typeof detailsOf(e)["error"] === "string");
  const error = failure === undefined ? undefined : String(detailsOf(failure)["error"]);
  const causeValue = failure === undefined ? undefined : detailsOf(failure)["cause"];
  const cause = typeof causeValue === "string" ? causeValue : undefined;
  const exited = events.find((e) => e.type.endsWith("StateExited") && detailsOf(e)["name"] === stateName);
  const inspection =
    level === "INFO"
      ? {}
      : { inspectionData: { input, ...(result === undefined ? {} : { result: JSON.stringify(result) }) } };
  if (error !== undefined && isRetriable(state, error, retryCount))
    return { status: "RETRIABLE", error, ...(cause === undefined ? {} : { cause }), ...inspection };
  if (error !== undefined && nextState !== undefined)
    return {
      status: "CAUGHT_ERROR",
      error,
      ...(cause === undefined ? {} : { cause }),
      nextState,
      output: String(detailsOf(next!)["input"]),
      ...inspection,
    };
  if (error !== undefined || run.status !== "SUCCEEDED")
    return {
      status: "FAILED",
      error: error ?? run.error ?? "States.Runtime",
      ...((cause ?? run.cause) === undefined ? {} : { cause: cause ?? run.cause }),
      ...inspection,
    };
  return {
    status: "SUCCEEDED",
    output: exited === undefined ? (run.output ?? "null") : String(detailsOf(exited)["output"]),
    ...(nextState === undefined ? {} : { nextState }),
    ...inspection,
  };
};
