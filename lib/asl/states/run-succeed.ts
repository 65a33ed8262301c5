import { jsonataStates, processInputPath, processJsonataOutput, processOutputPath } from "../input-output-processing";
import { ok, type StateCtx, type StateOutcome } from "./state-context";
import type { StateRuntime } from "./state-runtime";

/** The Succeed state: its (filtered) input ends the branch. */
export async function runSucceed(rt: StateRuntime, ctx: StateCtx): Promise<StateOutcome> {
  if (ctx.frame.language === "JSONata") return processJsonataOutput(rt, ctx, jsonataStates(rt, ctx), ctx.input, null);
  const effective = processInputPath(rt, ctx);
  return ok(processOutputPath(rt, ctx, effective), null, undefined);
}
