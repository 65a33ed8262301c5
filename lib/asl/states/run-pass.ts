import { ok, type StateCtx, type StateOutcome, type StateRuntime } from "./state-types";
import { evaluatePayloadTemplate } from "../payload-template";

/** The Pass state: `InputPath` → `Parameters`/`Result` → `ResultPath` → `OutputPath` (JSONata: `Output`), then `Assign`. */
export function runPass(rt: StateRuntime, ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
  const next = rt.nextOf(ctx.state);
  if (ctx.frame.language === "JSONata") return rt.finishJsonata(ctx, rt.jsonataStates(ctx), ctx.input, next);
  const effective = rt.processInputPath(ctx);
  let result = effective;
  if (ctx.state["Parameters"] !== undefined) result = evaluatePayloadTemplate(ctx.state["Parameters"], rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame), rt.options.random);
  if (ctx.state["Result"] !== undefined) result = ctx.state["Result"];
  const assigned = rt.assignJsonPath(ctx, result);
  return ok(rt.processOutput(ctx, result), next, assigned);
}
