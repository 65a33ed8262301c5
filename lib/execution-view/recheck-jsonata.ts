import { evaluateJsonataTemplate, isJsonataExpression } from "@/lib/asl/jsonata-eval";
import type { RandomPort } from "@/lib/asl/intrinsics";
import type { Json } from "@/lib/asl/types";
import { sameJson } from "./data-flow-step";
import type { KnownContext } from "./data-flow-types";
import { detailsOf, knownContextObject } from "./recorded-run-values";
import type { RunEvent, SeenVariable } from "./state-run-detail-types";

export type { SeenVariable };

/** One JSONata field evaluated again here and compared with what the events recorded. */
export interface JsonataRecheck {
  readonly field: "Arguments" | "Output";
  readonly expression: unknown;
  readonly outcome:
    | { readonly status: "same" }
    /** `computed` is what the expression gives over the recorded input, result and variables. */
    | { readonly status: "differs"; readonly computed: unknown }
    | { readonly status: "unknown"; readonly reason: string };
}

/** What the detail panel shows beside a run's data flow: its JSONata fields re-evaluated, and the variables it could read. */
export interface DataFlowChecks {
  readonly rechecks: readonly JsonataRecheck[];
  readonly variablesSeen: readonly SeenVariable[];
}

/** `$random()`/`$uuid()` fail the evaluation; the evaluator wraps the error, so the reason is kept aside. */
function unrecordedRandom(): { port: RandomPort; reason: () => string | null } {
  let reason: string | null = null;
  const fail = (name: string) => {
    reason = `uses ${name}, whose value was not recorded`;
    throw new Error(reason);
  };
  return { port: { random: () => fail("$random()"), uuid: () => fail("$uuid()") }, reason: () => reason };
}

function recorded(details: Record<string, unknown> | null, field: string): { value: Json } | null {
  if (!details || typeof details[field] !== "string") return null;
  const flags = details[`${field}Details`];
  if (typeof flags === "object" && flags !== null && (flags as { truncated?: unknown }).truncated === true) return null;
  try {
    return { value: JSON.parse(details[field] as string) as Json };
  } catch {
    return null;
  }
}

/** `$name` references in a template's expressions that are neither `$states` nor a function call. */
function variablesUsed(template: unknown, into = new Set<string>()): Set<string> {
  if (isJsonataExpression(template)) {
    // Names bound inside the expression (`$x := …`, `function($x)`) are its own, not the state machine's.
    const own = new Set(
      [...template.matchAll(/\$(\w+)\s*:=/g), ...template.matchAll(/function\s*\(([^)]*)\)/g)].flatMap((m) =>
        (m[1] ?? "").split(",").map((s) => s.trim().replace(/^\$/, "")),
      ),
    );
    for (const m of template.matchAll(/\$(\w+)\b(?!\s*\()/g))
      if (m[1] && m[1] !== "states" && !own.has(m[1])) into.add(m[1]);
  } else if (Array.isArray(template)) for (const t of template) variablesUsed(t, into);
  else if (typeof template === "object" && template !== null)
    for (const t of Object.values(template)) variablesUsed(t, into);
  return into;
}

/**
 * A JSONata state's `Arguments` (a Task's, against its `TaskScheduled` parameters) and
 * `Output` (against its `StateExited` output) evaluated again with the `jsonata` the
 * interpreter runs, over the recorded `$states.input`, `$states.result` (the last
 * `TaskSucceeded` output), the context members the events tell exactly and the variables
 * the run could read (`seen`). A field whose inputs were not recorded, or that reads a
 * variable this page does not know or `$random()`/`$uuid()`, is `unknown` with the reason.
 * Empty for JSONPath states.
 */
export async function recheckJsonata(
  state: Readonly<Record<string, unknown>>,
  machineQueryLanguage: string | null,
  events: readonly RunEvent[],
  context: KnownContext,
  seen: readonly SeenVariable[],
): Promise<JsonataRecheck[]> {
  const lang = typeof state["QueryLanguage"] === "string" ? state["QueryLanguage"] : machineQueryLanguage;
  if (lang !== "JSONata") return [];
  const entered = events.find((e) => e.type.endsWith("StateEntered"));
  const exited = [...events].reverse().find((e) => e.type.endsWith("StateExited"));
  const scheduled = [...events].reverse().find((e) => e.type === "TaskScheduled");
  const succeeded = [...events].reverse().find((e) => e.type === "TaskSucceeded");
  const enteredDetails = detailsOf(entered);
  const input = recorded(enteredDetails, "input");
  const variables: Record<string, Json> = {};
  for (const v of seen) variables[v.name] = v.value as Json;
  const ctx = knownContextObject(context, entered);

  const check = async (
    field: JsonataRecheck["field"],
    expected: { value: Json } | null,
    states: { input: Json; result?: Json } | string,
  ): Promise<JsonataRecheck> => {
    const expression = state[field];
    const outcome = async (): Promise<JsonataRecheck["outcome"]> => {
      if (typeof states === "string") return { status: "unknown", reason: states };
      if (!expected)
        return {
          status: "unknown",
          reason: `the recorded ${field === "Arguments" ? "parameters" : "output"} are not in the events`,
        };
      const missing = [...variablesUsed(expression)].filter((n) => !(n in variables));
      if (missing.length)
        return {
          status: "unknown",
          reason: `reads ${missing.map((n) => `$${n}`).join(", ")}, which no earlier state in its scope assigned`,
        };
      const random = unrecordedRandom();
      try {
        const computed = await evaluateJsonataTemplate(
          expression as Json,
          { ...states, context: ctx },
          variables,
          random.port,
          field,
        );
        return sameJson(computed, expected.value) ? { status: "same" } : { status: "differs", computed };
      } catch (err) {
        return {
          status: "unknown",
          reason: random.reason() ?? `could not be evaluated here: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    };
    return { field, expression, outcome: await outcome() };
  };

  const out: JsonataRecheck[] = [];
  const noInput = "the state's input was not recorded";
  if (state["Arguments"] !== undefined && state["Type"] === "Task") {
    out.push(
      await check("Arguments", recorded(detailsOf(scheduled), "parameters"), input ? { input: input.value } : noInput),
    );
  }
  if (state["Output"] !== undefined) {
    const result = recorded(detailsOf(succeeded), "output");
    const states = !input
      ? noInput
      : state["Type"] === "Task"
        ? result
          ? { input: input.value, result: result.value }
          : "no successful result was recorded"
        : { input: input.value };
    out.push(await check("Output", recorded(detailsOf(exited), "output"), states));
  }
  return out;
}
