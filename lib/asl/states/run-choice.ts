import * as io from "../input-output-processing";
import * as stateContext from "./state-context";
import type { StateCtx, StateOutcome, Vars } from "./state-context";
import { Failure } from "./evaluation-failure";
import type { StateRuntime } from "./state-runtime";
import { evaluateChoiceRule } from "../evaluate-choice-rule";
import { evaluatePayloadTemplate } from "../payload-template";
import { StatesError } from "../states-error";
import { isJsonObject, type Json } from "../types";

// Bound once: tsx/esbuild's CommonJS output reads an imported binding through getters on every call,
// which costs ~10% of a Choice state's time on this per-state path (npm run bench:interpreter).
const {
  evaluateJsonataField,
  jsonataStates,
  processAssign,
  processInputPath,
  processJsonataAssign,
  processJsonataOutput,
  processOutputPath,
} = io;
const { ok } = stateContext;

/** The Choice state: the first matching rule (JSONPath operators or a JSONata `Condition`) picks `Next`, else `Default`, else `States.NoChoiceMatched`. */
export function runChoice(rt: StateRuntime, ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
  const choices = Array.isArray(ctx.state["Choices"]) ? ctx.state["Choices"] : [];
  if (ctx.frame.language === "JSONata") return runChoiceJsonata(rt, ctx, choices);
  return runChoiceJsonPath(rt, ctx, choices);
}

async function runChoiceJsonata(rt: StateRuntime, ctx: StateCtx, choices: readonly Json[]): Promise<StateOutcome> {
  {
    const states = jsonataStates(rt, ctx);
    for (const [index, rule] of choices.entries()) {
      if (!isJsonObject(rule)) continue;
      const matched = await evaluateJsonataField(
        rt,
        rule["Condition"] ?? false,
        states,
        ctx.frame,
        `Choices/${index}/Condition`,
      );
      if (typeof matched !== "boolean")
        throw new Failure(
          "States.QueryEvaluationError",
          `The JSONata expression for the field 'Condition' returned a non-boolean value.`,
        );
      if (!matched) continue;
      const output =
        rule["Output"] === undefined
          ? ctx.input
          : await evaluateJsonataField(rt, rule["Output"], states, ctx.frame, "Output");
      const assigned = isJsonObject(rule["Assign"])
        ? await processJsonataAssign(rt, rule["Assign"], states, ctx.frame)
        : undefined;
      return ok(output, String(rule["Next"]), assigned);
    }
    if (typeof ctx.state["Default"] !== "string") throw new StatesError("States.NoChoiceMatched", "No Matches!");
    return processJsonataOutput(rt, ctx, states, ctx.input, ctx.state["Default"]);
  }
}

function runChoiceJsonPath(rt: StateRuntime, ctx: StateCtx, choices: readonly Json[]): StateOutcome {
  const effective = processInputPath(rt, ctx);
  const scope = rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
  for (const rule of choices) {
    if (!isJsonObject(rule) || !evaluateChoiceRule(rule, scope)) continue;
    const assigned = isJsonObject(rule["Assign"])
      ? (evaluatePayloadTemplate(rule["Assign"], scope, rt.options.random) as Vars)
      : undefined;
    return ok(processOutputPath(rt, ctx, effective), String(rule["Next"]), assigned);
  }
  if (typeof ctx.state["Default"] !== "string") throw new StatesError("States.NoChoiceMatched", "No Matches!");
  return ok(processOutputPath(rt, ctx, effective), ctx.state["Default"], processAssign(rt, ctx, effective));
}
