import { findCatcher } from "./decide-retry";
import { processResultPath } from "./input-output-processing";
import { evaluateJsonataTemplate, type JsonataStates } from "./jsonata-eval";
import { evaluatePayloadTemplate } from "./payload-template";
import { recordStateExited } from "./states/record-state-exited";
import type { StateCtx, StepResult, Vars } from "./states/state-context";
import type { StateRuntime } from "./states/state-runtime";
import { isTimeout } from "./states/task-limits";
import { isJsonObject, type Json, type JsonObject } from "./types";

/** What Catch handling uses of the running execution. */
export type CatchRuntime = Pick<StateRuntime, "recorder" | "context" | "scope" | "options">;

/**
 * A state's `Catch`: the first catcher matching the error sends the execution to its `Next`
 * with the error output (`{Error, Cause}`) placed by `ResultPath` (JSONPath) or `Output`
 * (JSONata), and its `Assign`; with none matching the failure goes on up.
 */
export function applyCatch(
  rt: CatchRuntime,
  ctx: StateCtx,
  error: string,
  cause: string | undefined,
): StepResult | Promise<StepResult> {
  const { name, type, input, enteredIso } = ctx;
  const stateFrame = ctx.frame;
  const catcher = findCatcher(ctx.state["Catch"], error);
  if (catcher === undefined || typeof catcher["Next"] !== "string")
    return { kind: "failed", error, cause, stateType: type };
  const errorOutput: JsonObject = { Error: error, Cause: cause ?? null };
  // A timed-out Task carries an empty Cause; other failures without one carry none.
  if (cause === undefined && isTimeout(error)) errorOutput["Cause"] = "";
  else if (cause === undefined) delete errorOutput["Cause"];
  if (stateFrame.language === "JSONata") {
    const states: JsonataStates = { input, context: rt.context(name, enteredIso, 0, stateFrame), errorOutput };
    return (async () => {
      const output =
        catcher["Output"] === undefined
          ? errorOutput
          : await evaluateJsonataTemplate(catcher["Output"], states, stateFrame.variables, rt.options.random, "Output");
      const assigned = isJsonObject(catcher["Assign"])
        ? await assignJsonata(rt, catcher["Assign"], states, ctx)
        : undefined;
      return exitCaught(rt, ctx, catcher, output, assigned);
    })();
  }
  const output = processResultPath(catcher["ResultPath"], input, errorOutput);
  const assigned = isJsonObject(catcher["Assign"])
    ? (evaluatePayloadTemplate(
        catcher["Assign"],
        rt.scope(errorOutput, name, enteredIso, 0, stateFrame),
        rt.options.random,
      ) as Vars)
    : undefined;
  return exitCaught(rt, ctx, catcher, output, assigned);
}

/** `*StateExited` of a caught failure, then on to the catcher's `Next`. */
function exitCaught(
  rt: CatchRuntime,
  ctx: StateCtx,
  catcher: JsonObject,
  output: Json,
  assigned: Vars | undefined,
): StepResult {
  recordStateExited(rt.recorder, ctx, JSON.stringify(output), assigned);
  return { kind: "next", next: String(catcher["Next"]), output };
}

/** A catcher's JSONata `Assign`, each variable against the variables before the state. */
async function assignJsonata(
  rt: CatchRuntime,
  assign: JsonObject,
  states: JsonataStates,
  ctx: StateCtx,
): Promise<Vars> {
  const out: Vars = {};
  for (const [key, value] of Object.entries(assign))
    out[key] = await evaluateJsonataTemplate(value, states, ctx.frame.variables, rt.options.random, `Assign/${key}`);
  return out;
}
