import {
  evaluateJsonataField,
  jsonataStates,
  processAssign,
  processInputPath,
  processJsonataOutput,
  processOutputPath,
} from "../input-output-processing";
import { nextOf, ok, type StateCtx, type StateOutcome } from "./state-context";
import { readPathField } from "./path-field";
import type { StateRuntime } from "./state-runtime";
import { isJsonataExpression } from "../jsonata-eval";
import { StatesError } from "../states-error";
import type { Json } from "../types";

/** The Wait state: `Seconds`/`Timestamp` (or their `*Path`, or JSONata) on the execution's clock. */
export async function runWait(rt: StateRuntime, ctx: StateCtx): Promise<StateOutcome> {
  const { state } = ctx;
  const next = nextOf(state);
  let seconds: Json | undefined = state["Seconds"];
  let timestamp: Json | undefined = state["Timestamp"];
  let effective = ctx.input;
  if (ctx.frame.language === "JSONata") {
    const states = jsonataStates(rt, ctx);
    if (isJsonataExpression(seconds)) seconds = await evaluateJsonataField(rt, seconds, states, ctx.frame, "Seconds");
    if (isJsonataExpression(timestamp))
      timestamp = await evaluateJsonataField(rt, timestamp, states, ctx.frame, "Timestamp");
  } else {
    effective = processInputPath(rt, ctx);
    const scope = rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
    if (typeof state["SecondsPath"] === "string") seconds = readPathField("SecondsPath", state["SecondsPath"], scope);
    if (typeof state["TimestampPath"] === "string")
      timestamp = readPathField("TimestampPath", state["TimestampPath"], scope);
  }
  const now = rt.options.clock.now();
  if (typeof seconds === "number") {
    if (seconds * 1000 > MAX_WAIT_MS) throw new StatesError("States.Runtime", "Wait state delay is too long.");
    await rt.sleep(seconds * 1000, ctx.thread);
  } else if (typeof timestamp === "string") {
    const at = parseTimestamp(timestamp);
    if (Number.isNaN(at))
      throw new StatesError("States.Runtime", `The Timestamp '${timestamp}' is not a valid ISO-8601 timestamp`);
    if (at - now > MAX_WAIT_MS) throw new StatesError("States.Runtime", "Wait state delay is too long.");
    await rt.sleep(at - now, ctx.thread);
  } else if (seconds !== undefined || timestamp !== undefined) {
    throw new StatesError("States.Runtime", "The Wait state's Seconds or Timestamp is not valid");
  }
  rt.checkAborted(ctx.thread);
  if (ctx.frame.language === "JSONata") return processJsonataOutput(rt, ctx, jsonataStates(rt, ctx), ctx.input, next);
  return ok(processOutputPath(rt, ctx, effective), next, processAssign(rt, ctx, effective));
}

/** AWS rejects waits that end more than a year from now ("Wait state delay is too long."). */
const MAX_WAIT_MS = 366 * 24 * 3600 * 1000;

/** Epoch ms of an ISO-8601 timestamp; fractions beyond milliseconds are dropped (JavaScript's Date cannot parse them). */
function parseTimestamp(text: string): number {
  return Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
}
