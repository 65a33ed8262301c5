import { readPath, writePath } from "@/lib/asl/json-path";
import { evaluatePayloadTemplate } from "@/lib/asl/payload-template";
import type { Json } from "@/lib/asl/types";
import { compute, sameJson, step, unknownRandom } from "./data-flow-step";
import type { DataFlowValueStep, KnownContext, ReconstructedDataFlow } from "./data-flow-types";
import {
  absent,
  assignedVariables,
  detailsOf,
  isEntered,
  isExited,
  knownContextObject,
  payload,
  scheduledTypes,
  succeededTypes,
  type Maybe,
} from "./recorded-run-values";
import type { RunEvent } from "./state-run-detail-types";

/**
 * A state run's data flow, step by step with values, from its definition and its own
 * events. JSONPath: `Input` (recorded) → `InputPath` → `Parameters` (a Task's is recorded
 * in `TaskScheduled`; a Pass's is computed) → `Result` (recorded in `TaskSucceeded`, or a
 * Pass's `Result`) → `ResultSelector` → `ResultPath` (into the raw input) → `OutputPath`,
 * each computed with `lib/asl`'s JSONPath code and checked against the recorded output.
 * JSONata: `Input` → `Arguments` → `Result` → `Output`, as recorded (JSONata is not re-run).
 * Variables the run could read (`variablesSeen`: tracked from earlier states' `Assign`)
 * resolve `$name` references; anything else that needs an unrecorded value (a variable
 * not seen, most of the context object, `States.UUID`) is `unknown` with the reason,
 * never guessed. `Assign`ed variables come from `StateExited.assignedVariables`.
 */
export function reconstructDataFlow(
  state: Readonly<Record<string, unknown>> | null,
  machineQueryLanguage: string | null,
  events: readonly RunEvent[],
  context: KnownContext,
  variablesSeen: readonly { readonly name: string; readonly value: unknown }[] = [],
): ReconstructedDataFlow | null {
  if (!state) return null;
  const lang =
    (typeof state["QueryLanguage"] === "string" ? state["QueryLanguage"] : machineQueryLanguage) === "JSONata"
      ? "JSONata"
      : "JSONPath";
  const entered = events.find((e) => isEntered(e.type));
  const exited = [...events].reverse().find((e) => isExited(e.type));
  const enteredDetails = entered ? detailsOf(entered) : null;
  const exitedDetails = exited ? detailsOf(exited) : null;
  const scheduled = [...events].reverse().find((e) => scheduledTypes.has(e.type));
  const succeeded = [...events].reverse().find((e) => succeededTypes.has(e.type));
  const input = payload(enteredDetails, "input");
  const recordedOutput = payload(exitedDetails, "output");
  const sent = scheduled
    ? payload(detailsOf(scheduled), scheduled.type === "TaskScheduled" ? "parameters" : "input")
    : absent;
  const result = succeeded ? payload(detailsOf(succeeded), "output") : absent;
  const type = typeof state["Type"] === "string" ? state["Type"] : "";
  const variables = assignedVariables(exitedDetails);

  const steps: DataFlowValueStep[] = [step("Input", undefined, input, "recorded")];
  if (lang === "JSONata") {
    if (state["Arguments"] !== undefined || sent !== absent)
      steps.push(
        step(
          "Arguments",
          state["Arguments"],
          sent,
          "recorded",
          sent === absent ? "not recorded (no TaskScheduled event)" : undefined,
        ),
      );
    if (type === "Task" || result !== absent)
      steps.push(
        step("Result", undefined, result, "recorded", result === absent ? "no successful result recorded" : undefined),
      );
    steps.push(
      step(
        "Output",
        state["Output"],
        recordedOutput,
        "recorded",
        recordedOutput === absent ? "not recorded (no StateExited event)" : undefined,
      ),
    );
    return { queryLanguage: lang, steps, variables, outputMatchesRecorded: null };
  }

  const known = Object.fromEntries(variablesSeen.map((v) => [v.name, v.value as Json])) as Record<string, Json>;
  // Only what the events say exactly; a path into anything else is "unknown", never a guess.
  const knownContext = knownContextObject(context, entered);
  const scope = (value: Json) => ({
    input: value,
    context: knownContext,
    variables: known,
  });
  const lacksInput = "the state's input was not recorded";

  // InputPath: null gives {}, absent is `$`.
  let effective: Maybe = input;
  if (state["InputPath"] !== undefined) {
    const path = state["InputPath"];
    const r = compute(
      "InputPath",
      path,
      input,
      (v) => (path === null ? {} : readPath(String(path), v, "States.Runtime")),
      lacksInput,
    );
    steps.push(r.step);
    effective = r.value;
  }

  let stateResult: Maybe = absent;
  const producesResult = type === "Task" || type === "Pass" || type === "Map" || type === "Parallel";
  if (state["Parameters"] !== undefined) {
    if (type === "Task" && sent !== absent) {
      steps.push(step("Parameters", state["Parameters"], sent, "recorded"));
    } else {
      const r = compute(
        "Parameters",
        state["Parameters"],
        effective,
        (v) => evaluatePayloadTemplate(state["Parameters"] as Json, scope(v), unknownRandom),
        lacksInput,
      );
      steps.push(r.step);
      if (type === "Pass") stateResult = r.value;
    }
  } else if (type === "Pass") stateResult = effective;
  if (type === "Pass" && state["Result"] !== undefined) stateResult = state["Result"] as Json;

  if (producesResult) {
    if (type === "Task") stateResult = result;
    const note =
      type === "Map" || type === "Parallel"
        ? `Step Functions does not record a ${type} state's result array`
        : type === "Task"
          ? "no successful result recorded"
          : undefined;
    steps.push(
      step(
        "Result",
        type === "Pass" && state["Result"] !== undefined ? state["Result"] : undefined,
        stateResult,
        type === "Pass" ? "computed" : "recorded",
        stateResult === absent ? note : undefined,
      ),
    );
    if (state["ResultSelector"] !== undefined) {
      const r = compute(
        "ResultSelector",
        state["ResultSelector"],
        stateResult,
        (v) => evaluatePayloadTemplate(state["ResultSelector"] as Json, scope(v), unknownRandom),
        "the result was not recorded",
      );
      steps.push(r.step);
      stateResult = r.value;
    }
  }

  // ResultPath places the result into the state's raw input (not the InputPath-filtered one); null discards it.
  let out: Maybe = producesResult ? stateResult : input;
  if (producesResult && (state["ResultPath"] !== undefined || stateResult !== absent)) {
    const path = state["ResultPath"] === undefined ? "$" : state["ResultPath"];
    if (path === null) out = input;
    else if (input === absent || stateResult === absent) out = absent;
    else {
      try {
        out = writePath(String(path), input, stateResult);
      } catch {
        out = absent;
      }
    }
    if (state["ResultPath"] !== undefined)
      steps.push(
        step(
          "ResultPath",
          path,
          out,
          "computed",
          out === absent ? (stateResult === absent ? "the result was not recorded" : lacksInput) : undefined,
        ),
      );
  }
  if (state["OutputPath"] !== undefined) {
    const path = state["OutputPath"];
    const r = compute(
      "OutputPath",
      path,
      out,
      (v) => (path === null ? {} : readPath(String(path), v, "States.Runtime")),
      "the value before it is not known",
    );
    steps.push(r.step);
    out = r.value;
  }
  const outputMatchesRecorded = out === absent || recordedOutput === absent ? null : sameJson(out, recordedOutput);
  steps.push(
    step(
      "Output",
      undefined,
      recordedOutput,
      "recorded",
      recordedOutput === absent ? "not recorded (no StateExited event)" : undefined,
    ),
  );
  return { queryLanguage: lang, steps, variables, outputMatchesRecorded };
}
