import * as io from "../input-output-processing";
import * as stateContext from "./state-context";
import type { StateCtx, StateOutcome } from "./state-context";
import type { StateRuntime } from "./state-runtime";
import { evaluatePayloadTemplate } from "../payload-template";

// Bound once: tsx/esbuild's CommonJS output reads an imported binding through getters on every call,
// which costs ~10% of a Pass state's time on this per-state path (npm run bench:interpreter).
const { jsonataStates, processAssign, processInputPath, processJsonataOutput, processResultAndOutputPath } = io;
const { nextOf, ok } = stateContext;

/** The Pass state: `InputPath` → `Parameters`/`Result` → `ResultPath` → `OutputPath` (JSONata: `Output`), then `Assign`. */
export function runPass(rt: StateRuntime, ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
  const next = nextOf(ctx.state);
  if (ctx.frame.language === "JSONata") return processJsonataOutput(rt, ctx, jsonataStates(rt, ctx), ctx.input, next);
  const effective = processInputPath(rt, ctx);
  let result = effective;
  if (ctx.state["Parameters"] !== undefined)
    result = evaluatePayloadTemplate(
      ctx.state["Parameters"],
      rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame),
      rt.options.random,
    );
  if (ctx.state["Result"] !== undefined) result = ctx.state["Result"];
  const assigned = processAssign(rt, ctx, result);
  return ok(processResultAndOutputPath(rt, ctx, result), next, assigned);
}
