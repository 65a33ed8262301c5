import { evaluateJsonataTemplate, JsonataFieldError, type JsonataStates } from "./jsonata-eval";
import { writePath } from "./json-path";
import { evaluatePayloadTemplate } from "./payload-template";
import { StatesError } from "./states-error";
import { Failure } from "./states/evaluation-failure";
import { readPathField } from "./states/path-field";
import { nextOf, ok, type Frame, type StateCtx, type StateOutcome, type Vars } from "./states/state-context";
import type { StateRuntime } from "./states/state-runtime";
import { isJsonObject, type Json, type JsonObject } from "./types";

/**
 * ASL's input and output processing, named after the spec: JSONPath `InputPath` →
 * `Parameters` → `ResultSelector` → `ResultPath` → `OutputPath`, and JSONata `Arguments` →
 * `Output`, with `Assign` in both. Each step reads the state's fields from its {@link StateCtx}.
 */

/** The part of the running execution input/output processing reads: the context object and the random port. */
export type IoRuntime = Pick<StateRuntime, "context" | "scope" | "options">;

/** JSONPath `InputPath`: `null` gives `{}`; default `$`. */
export function processInputPath(rt: IoRuntime, ctx: StateCtx): Json {
  const path = ctx.state["InputPath"];
  if (path === null) return {};
  if (typeof path !== "string" || path === "$") return ctx.input;
  return readPathField("InputPath", path, rt.scope(ctx.input, ctx.name, ctx.enteredIso, 0, ctx.frame));
}

/**
 * The state's effective input: JSONPath `InputPath` then `Parameters` (a Map's `ItemSelector`
 * when asked), or JSONata `Arguments` (default: the input).
 */
export async function processParameters(
  rt: IoRuntime,
  ctx: StateCtx,
  field: "Parameters" | "ItemSelector" = "Parameters",
): Promise<Json> {
  if (ctx.frame.language === "JSONata") {
    const args = ctx.state["Arguments"];
    return args === undefined
      ? ctx.input
      : evaluateJsonataField(rt, args, jsonataStates(rt, ctx), ctx.frame, "Arguments");
  }
  const effective = processInputPath(rt, ctx);
  const params = ctx.state[field];
  return params === undefined
    ? effective
    : evaluatePayloadTemplate(params, rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame), rt.options.random);
}

/** JSONPath `ResultPath`: where the result goes in the state's input; `null` keeps the input; default `$` (the result). */
export function processResultPath(resultPath: Json | undefined, input: Json, result: Json): Json {
  return resultPath === null ? input : writePath(typeof resultPath === "string" ? resultPath : "$", input, result);
}

/** JSONPath `OutputPath`: `null` gives `{}`; default `$`. */
export function processOutputPath(rt: IoRuntime, ctx: StateCtx, value: Json): Json {
  const outputPath = ctx.state["OutputPath"];
  if (outputPath === null) return {};
  if (typeof outputPath !== "string" || outputPath === "$") return value;
  return readPathField("OutputPath", outputPath, rt.scope(value, ctx.name, ctx.enteredIso, 0, ctx.frame));
}

/** JSONPath `ResultPath` then `OutputPath`. */
export function processResultAndOutputPath(rt: IoRuntime, ctx: StateCtx, result: Json): Json {
  return processOutputPath(rt, ctx, processResultPath(ctx.state["ResultPath"], ctx.input, result));
}

/** JSONPath `Assign`, evaluated over `value` (the state's result, or its effective input). */
export function processAssign(rt: IoRuntime, ctx: StateCtx, value: Json, retryCount = 0): Vars | undefined {
  const assign = ctx.state["Assign"];
  if (!isJsonObject(assign)) return undefined;
  return evaluatePayloadTemplate(
    assign,
    rt.scope(value, ctx.name, ctx.enteredIso, retryCount, ctx.frame),
    rt.options.random,
  ) as Vars;
}

/** `ResultSelector` → `ResultPath` → `OutputPath` (JSONPath) or `Output` with `$states.result` (JSONata), then `Assign`. */
export async function processResult(
  rt: IoRuntime,
  ctx: StateCtx,
  raw: Json,
  retryCount: number,
): Promise<StateOutcome> {
  const next = nextOf(ctx.state);
  if (ctx.frame.language === "JSONata") {
    return processJsonataOutput(rt, ctx, jsonataStates(rt, ctx, { result: raw }, retryCount), raw, next);
  }
  const selector = ctx.state["ResultSelector"];
  const result =
    selector === undefined
      ? raw
      : evaluatePayloadTemplate(
          selector,
          rt.scope(raw, ctx.name, ctx.enteredIso, retryCount, ctx.frame),
          rt.options.random,
        );
  const assigned = processAssign(rt, ctx, result, retryCount);
  return ok(processResultAndOutputPath(rt, ctx, result), next, assigned);
}

/** JSONata's `$states` of a state: its input and context object, plus `result`/`errorOutput` when given. */
export function jsonataStates(
  rt: IoRuntime,
  ctx: StateCtx,
  extra: { result?: Json; errorOutput?: Json } = {},
  retryCount = 0,
): JsonataStates {
  return { input: ctx.input, context: rt.context(ctx.name, ctx.enteredIso, retryCount, ctx.frame), ...extra };
}

/** JSONata `Output` (default: `result` when given, else the input) and `Assign`, both seeing the variables before the state. */
export async function processJsonataOutput(
  rt: IoRuntime,
  ctx: StateCtx,
  states: JsonataStates,
  defaultOutput: Json,
  next: string | null,
): Promise<StateOutcome> {
  const output =
    ctx.state["Output"] === undefined
      ? defaultOutput
      : await evaluateJsonataField(rt, ctx.state["Output"], states, ctx.frame, "Output");
  const assign = ctx.state["Assign"];
  const assigned = isJsonObject(assign) ? await processJsonataAssign(rt, assign, states, ctx.frame) : undefined;
  return ok(output, next, assigned);
}

/** One JSONata field; an ASL error carries the field as its `EvaluationFailed.location`. */
export async function evaluateJsonataField(
  rt: IoRuntime,
  template: Json,
  states: JsonataStates,
  frame: Frame,
  field: string,
): Promise<Json> {
  try {
    return await evaluateJsonataTemplate(template, states, frame.variables, rt.options.random, field);
  } catch (err) {
    if (err instanceof JsonataFieldError) throw new Failure(err.error, err.cause, err.field);
    if (err instanceof StatesError) throw new Failure(err.error, err.cause, field);
    throw err;
  }
}

/** JSONata `Assign`: each variable evaluated against the variables before the state. */
export async function processJsonataAssign(
  rt: IoRuntime,
  assign: JsonObject,
  states: JsonataStates,
  frame: Frame,
): Promise<Vars> {
  const out: Vars = {};
  for (const [key, value] of Object.entries(assign))
    out[key] = await evaluateJsonataField(rt, value, states, frame, `Assign/${key}`);
  return out;
}
