import type { PathScope } from "../intrinsics";
import { readScopedPath } from "../intrinsics";
import { parseSimplePath } from "../json-path";
import type { ContainerRedrive } from "../redrive-plan";
import { StatesError } from "../states-error";
import type { TaskOutcome } from "../task-invoker";
import { isJsonObject, type Json, type JsonObject, type QueryLanguage } from "../types";
import type { Execution } from "../execute-state-machine";

/**
 * What the state modules (`run-*.ts`) share with the interpreter's core: the per-state context,
 * outcomes, the error and unwinding types, and the small helpers of ASL's data flow.
 */

/** What a state module may call on the running execution. */
export type StateRuntime = Execution;

export type Vars = Record<string, Json>;

/** A chain of events: the `previousEventId` the next event of this branch/iteration points at. */
export interface Thread {
  prev: number;
}

export type Outcome =
  | { readonly kind: "succeeded"; readonly output: Json }
  | { readonly kind: "failed"; readonly error: string; readonly cause: string | undefined; readonly stateType?: string };

export interface Frame {
  readonly language: QueryLanguage;
  /** Set for the frame of a Task, Parallel or Map state (`$$.State.RetryCount` exists). */
  readonly retriable?: boolean;
  readonly variables: Vars;
  readonly mapItem?: { readonly Index: number; readonly Value: Json };
}

export class Failure extends StatesError {
  /** Where the evaluation failed (`Arguments`, `Output`, …) for `EvaluationFailed.location`. */
  readonly location: string | undefined;
  constructor(error: string, cause: string | undefined, location?: string) {
    super(error, cause);
    this.location = location;
  }
}


/** Shared `{"truncated": false}` of every `*Details` member: one object, not one per event. */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });

/** A state's `Error` when its Fail state names none. */
export const FAIL_NO_ERROR = "States.Fail";

export interface StateCtx {
  readonly name: string;
  readonly state: JsonObject;
  readonly input: Json;
  readonly frame: Frame;
  readonly thread: Thread;
  readonly enteredId: number;
  readonly enteredIso: string;
  readonly type: string;
  /** A redrive's plan for this Parallel/Map: used by its first attempt only (a retry re-runs every child). */
  redrive: ContainerRedrive | undefined;
}

export type StateOutcome =
  | { readonly kind: "ok"; readonly output: Json; readonly next: string | null; readonly assigned: Vars | undefined }
  | { readonly kind: "error"; readonly error: string; readonly cause: string | undefined; readonly location?: string | undefined; readonly evaluation?: boolean };

export type StepResult =
  | { readonly kind: "next"; readonly next: string; readonly output: Json }
  | { readonly kind: "end"; readonly output: Json }
  | { readonly kind: "failed"; readonly error: string; readonly cause: string | undefined; readonly stateType?: string };

export function ok(output: Json, next: string | null, assigned: Vars | undefined): StateOutcome {
  return { kind: "ok", output, next, assigned };
}

export function errorDetails(error: string, cause: string | undefined): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (cause !== undefined) details["cause"] = cause;
  if (error !== FAIL_NO_ERROR) details["error"] = error;
  return details;
}

export function unresolved(stateName: string, resource: string): TaskOutcome {
  return { type: "failure", error: "States.TaskFailed", cause: `No task resolution for state '${stateName}' (Resource '${resource}'): no mocked response, local handler or recorded result answers it` };
}

export function jsonTypeOf(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Reads a `*Path` parameter; a missing value is AWS's "The <field> parameter does not reference an input value". */
export function readParameterPath(path: string, scope: PathScope, field: string): Json {
  try {
    return readScopedPath(path, scope, "States.Runtime");
  } catch {
    throw new StatesError("States.Runtime", `The ${field} parameter does not reference an input value: ${path}`);
  }
}

/** `States.Timeout` and `States.HeartbeatTimeout` end a Task attempt with a `*TimedOut` event, not `*Failed`. */
export function isTimeout(error: string): boolean {
  return error === "States.Timeout" || error === "States.HeartbeatTimeout";
}

/** AWS's payload limit: 256 KiB of UTF-8 (`States.DataLimitExceeded` beyond it). */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export function exceedsPayloadLimit(text: string): boolean {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (text.length * 3 <= PAYLOAD_LIMIT_BYTES) return false;
  return new TextEncoder().encode(text).length > PAYLOAD_LIMIT_BYTES;
}

/** States that record `*StateAborted` when the execution stops while they run. */
export const ABORTABLE = new Set(["Task", "Wait", "Parallel", "Map"]);

/**
 * Unwinds an execution that was stopped or ran past its `TimeoutSeconds`; `prev` is the last
 * event of the chain being unwound. Only a stop records `*StateAborted` on the way out.
 */
export class ExecutionAbort extends Error {
  prev: number;
  /** `stop`: StopExecution (or the run's own limit); `timeout`: the definition's TimeoutSeconds; `history`: the history is full. */
  readonly reason: "stop" | "timeout" | "history";
  constructor(prev: number, reason: "stop" | "timeout" | "history" = "stop") {
    super(reason === "stop" ? "execution aborted" : reason === "timeout" ? "execution timed out" : "execution history full");
    this.prev = prev;
    this.reason = reason;
  }
}

/** Which limit ended a Task attempt first. */
export interface TaskLimit {
  readonly ms: number;
  readonly error: "States.Timeout" | "States.HeartbeatTimeout" | "execution";
}

export const LIMIT_REACHED = Symbol("limit reached");

/**
 * `InputPath`/`OutputPath`: a missing definite path fails with AWS's wording,
 * `Invalid path '$.a.b' : Missing property in path $['a']`.
 */
export function readIoPath(path: string, scope: PathScope): Json {
  try {
    return readScopedPath(path, scope, "States.Runtime");
  } catch (err) {
    const segments = path.startsWith("$$") || /^\$[A-Za-z_]/.test(path) ? null : parseSimplePath(path);
    if (!(err instanceof StatesError) || segments === null) throw err;
    let node: Json = scope.input;
    let shown = "$";
    for (const segment of segments) {
      shown += typeof segment === "number" ? `[${segment}]` : `['${segment}']`;
      const next: Json | undefined = typeof segment === "number" ? (Array.isArray(node) ? node[segment] : undefined) : isJsonObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (next === undefined) break;
      node = next;
    }
    throw new StatesError("States.Runtime", `Invalid path '${path}' : Missing property in path ${shown}`);
  }
}
