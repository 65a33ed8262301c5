import { evaluateJsonataField, jsonataStates } from "../input-output-processing";
import type { StateCtx, StateOutcome } from "./state-context";
import { FAIL_NO_ERROR } from "./event-details";
import type { StateRuntime } from "./state-runtime";
import { evaluatePayloadTemplate } from "../payload-template";
import type { PathScope } from "../intrinsics";
import { readPathField } from "./path-field";
import { isJsonObject, type Json } from "../types";

/** The Fail state: `Error`/`Cause` (or `ErrorPath`/`CausePath`, or JSONata) end the branch as a failure. */
export async function runFail(rt: StateRuntime, ctx: StateCtx): Promise<StateOutcome> {
  const { state } = ctx;
  let error: Json | undefined = state["Error"];
  let cause: Json | undefined = state["Cause"];
  if (ctx.frame.language === "JSONata") {
    const states = jsonataStates(rt, ctx);
    if (error !== undefined) error = await evaluateJsonataField(rt, error, states, ctx.frame, "Error");
    if (cause !== undefined) cause = await evaluateJsonataField(rt, cause, states, ctx.frame, "Cause");
  } else {
    const scope = rt.scope(ctx.input, ctx.name, ctx.enteredIso, 0, ctx.frame);
    if (typeof state["ErrorPath"] === "string") error = dynamicText(rt, "ErrorPath", state["ErrorPath"], scope);
    if (typeof state["CausePath"] === "string") cause = dynamicText(rt, "CausePath", state["CausePath"], scope);
  }
  return {
    kind: "error",
    error: typeof error === "string" ? error : error === undefined ? FAIL_NO_ERROR : JSON.stringify(error),
    cause: typeof cause === "string" ? cause : cause === undefined ? undefined : JSON.stringify(cause),
  };
}

/** `ErrorPath`/`CausePath`: an intrinsic that returns a string, or a reference path that must select a string. */
function dynamicText(rt: StateRuntime, field: "ErrorPath" | "CausePath", path: string, scope: PathScope): Json {
  if (!path.startsWith("States.")) return readPathField(field, path, scope);
  const evaluated = evaluatePayloadTemplate({ "v.$": path }, scope, rt.options.random);
  return isJsonObject(evaluated) ? (evaluated["v"] as Json) : null;
}
