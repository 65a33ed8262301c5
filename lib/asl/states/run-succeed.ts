import { ok, type StateCtx, type StateOutcome, type StateRuntime } from "./state-types";

/** The Succeed state: its (filtered) input ends the branch. */
export async function runSucceed(rt: StateRuntime, ctx: StateCtx): Promise<StateOutcome> {
  if (ctx.frame.language === "JSONata") return rt.finishJsonata(ctx, rt.jsonataStates(ctx), ctx.input, null);
  const effective = rt.processInputPath(ctx);
  return ok(rt.outputPathOnly(ctx, effective), null, undefined);
}
