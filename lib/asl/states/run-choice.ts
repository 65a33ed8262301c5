import { Failure, ok, type StateCtx, type StateOutcome, type StateRuntime, type Vars } from "./state-types";
import { evaluateChoiceRule } from "../evaluate-choice-rule";
import { evaluatePayloadTemplate } from "../payload-template";
import { StatesError } from "../states-error";
import { isJsonObject, type Json } from "../types";

/** The Choice state: the first matching rule (JSONPath operators or a JSONata `Condition`) picks `Next`, else `Default`, else `States.NoChoiceMatched`. */
export function runChoice(rt: StateRuntime, ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
  const choices = Array.isArray(ctx.state["Choices"]) ? ctx.state["Choices"] : [];
  if (ctx.frame.language === "JSONata") return runChoiceJsonata(rt, ctx, choices);
  return runChoiceJsonPath(rt, ctx, choices);
}

async function runChoiceJsonata(rt: StateRuntime, ctx: StateCtx, choices: readonly Json[]): Promise<StateOutcome> {
  {
    const states = rt.jsonataStates(ctx);
    for (const [index, rule] of choices.entries()) {
      if (!isJsonObject(rule)) continue;
      const matched = await rt.jsonataField(rule["Condition"] ?? false, states, ctx.frame, `Choices/${index}/Condition`);
      if (typeof matched !== "boolean") throw new Failure("States.QueryEvaluationError", `The JSONata expression for the field 'Condition' returned a non-boolean value.`);
      if (!matched) continue;
      const output = rule["Output"] === undefined ? ctx.input : await rt.jsonataField(rule["Output"], states, ctx.frame, "Output");
      const assigned = isJsonObject(rule["Assign"]) ? await rt.assignJsonataAt(rule["Assign"], states, ctx.frame) : undefined;
      return ok(output, String(rule["Next"]), assigned);
    }
    if (typeof ctx.state["Default"] !== "string") throw new StatesError("States.NoChoiceMatched", "No Matches!");
    return rt.finishJsonata(ctx, states, ctx.input, ctx.state["Default"]);
  }
}

function runChoiceJsonPath(rt: StateRuntime, ctx: StateCtx, choices: readonly Json[]): StateOutcome {
  const effective = rt.processInputPath(ctx);
  const scope = rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
  for (const rule of choices) {
    if (!isJsonObject(rule) || !evaluateChoiceRule(rule, scope)) continue;
    const assigned = isJsonObject(rule["Assign"]) ? (evaluatePayloadTemplate(rule["Assign"], scope, rt.options.random) as Vars) : undefined;
    return ok(rt.outputPathOnly(ctx, effective), String(rule["Next"]), assigned);
  }
  if (typeof ctx.state["Default"] !== "string") throw new StatesError("States.NoChoiceMatched", "No Matches!");
  return ok(rt.outputPathOnly(ctx, effective), ctx.state["Default"], rt.assignJsonPath(ctx, effective));
}
