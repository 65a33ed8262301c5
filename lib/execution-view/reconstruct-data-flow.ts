import { readPath, writePath } from "@/lib/asl/json-path";
import { evaluatePayloadTemplate } from "@/lib/asl/payload-template";
import type { RandomPort } from "@/lib/asl/intrinsics";
import type { Json } from "@/lib/asl/types";
import type { RunEvent } from "./state-run-detail-types";

/** Where a step's value comes from. */
export type DataFlowSource =
  /** Read from the run's events (what Step Functions recorded). */
  | "recorded"
  /** Computed from the definition over recorded values (the same JSONPath code the interpreter runs). */
  | "computed"
  /** Not known: `note` says why. */
  | "unknown";

/** One step of a state run's data flow with the value after it. */
export interface DataFlowValueStep {
  /** `Input`, `InputPath`, `Parameters`, `Arguments`, `Result`, `ResultSelector`, `ResultPath`, `OutputPath`, `Output`. */
  readonly field: string;
  /** The definition's field (a path or template), absent for the recorded `Input` and `Result`. */
  readonly expression?: unknown;
  readonly source: DataFlowSource;
  /** The value after the step (absent when unknown). */
  readonly value?: unknown;
  readonly note?: string;
}

/** A variable the run assigned (`Assign`), from its `StateExited` event. */
export interface AssignedVariable {
  readonly name: string;
  readonly value: unknown;
}

export interface ReconstructedDataFlow {
  readonly queryLanguage: "JSONPath" | "JSONata";
  readonly steps: readonly DataFlowValueStep[];
  readonly variables: readonly AssignedVariable[];
  /** Whether the computed output equals the recorded `StateExited` output; null when either is unknown. */
  readonly outputMatchesRecorded: boolean | null;
}

/** Context object members the events tell exactly (`$$.Execution.Id`, `$$.State.Name`, …); others stay unknown. */
export interface KnownContext {
  readonly executionArn: string;
  readonly executionName: string;
  readonly executionStartTime: string;
  readonly stateMachineArn?: string;
  readonly stateMachineName?: string;
}

const unknownRandom: RandomPort = {
  random: () => {
    throw new UnknowableError("uses States.MathRandom, whose value was not recorded");
  },
  uuid: () => {
    throw new UnknowableError("uses States.UUID, whose value was not recorded");
  },
};

class UnknowableError extends Error {}

const absent = Symbol("absent");
type Maybe = Json | typeof absent;

function detailsOf(e: RunEvent): Record<string, unknown> | null {
  if (typeof e.details !== "object" || e.details === null) return null;
  for (const v of Object.values(e.details as Record<string, unknown>))
    if (typeof v === "object" && v !== null) return v as Record<string, unknown>;
  return null;
}

/** A recorded payload (a JSON string as AWS sends it, or a value already parsed); absent when missing or truncated. */
function payload(details: Record<string, unknown> | null, field: string): Maybe {
  if (!details || !(field in details)) return absent;
  const flags = details[`${field}Details`];
  if (typeof flags === "object" && flags !== null && (flags as { truncated?: unknown }).truncated === true)
    return absent;
  const raw = details[field];
  if (typeof raw !== "string") return (raw ?? null) as Json;
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw;
  }
}

const isEntered = (t: string) => t.endsWith("StateEntered");
const isExited = (t: string) => t.endsWith("StateExited");
/** Events carrying what the state sent to its resource (`parameters`/`input`) and what came back (`output`). */
const scheduledTypes = new Set(["TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled"]);
const succeededTypes = new Set(["TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded"]);

function step(
  field: string,
  expression: unknown,
  value: Maybe,
  source: DataFlowSource,
  note?: string,
): DataFlowValueStep {
  if (value === absent)
    return {
      field,
      ...(expression === undefined ? {} : { expression }),
      source: "unknown",
      note: note ?? "not recorded",
    };
  return { field, ...(expression === undefined ? {} : { expression }), source, value, ...(note ? { note } : {}) };
}

/** Runs `f` on a known value; a thrown ASL error (or an unknowable input) makes the step unknown with the reason. */
function compute(
  field: string,
  expression: unknown,
  from: Maybe,
  f: (v: Json) => Json,
  whyUnknown: string,
): { step: DataFlowValueStep; value: Maybe } {
  if (from === absent) return { step: step(field, expression, absent, "unknown", whyUnknown), value: absent };
  try {
    const value = f(from);
    return { step: step(field, expression, value, "computed"), value };
  } catch (err) {
    const reason =
      err instanceof UnknowableError
        ? err.message
        : `could not be evaluated here: ${err instanceof Error ? err.message : String(err)}`;
    return { step: step(field, expression, absent, "unknown", reason), value: absent };
  }
}

function sameJson(a: Json, b: Json): boolean {
  const canon = (v: Json): string =>
    Array.isArray(v)
      ? `[${v.map(canon).join(",")}]`
      : v !== null && typeof v === "object"
        ? `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canon(v[k] as Json)}`)
            .join(",")}}`
        : JSON.stringify(v);
  return canon(a) === canon(b);
}

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
  const scope = (value: Json) => ({
    input: value,
    // Only what the events say exactly; a path into anything else is "unknown", never a guess.
    context: {
      Execution: { Id: context.executionArn, Name: context.executionName, StartTime: context.executionStartTime },
      State: {
        Name: typeof enteredDetails?.["name"] === "string" ? enteredDetails["name"] : "",
        EnteredTime: entered?.timestamp ?? "",
      },
      ...(context.stateMachineArn
        ? { StateMachine: { Id: context.stateMachineArn, Name: context.stateMachineName ?? "" } }
        : {}),
    } as Json,
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

function assignedVariables(exited: Record<string, unknown> | null): AssignedVariable[] {
  const raw = exited?.["assignedVariables"];
  if (typeof raw !== "object" || raw === null) return [];
  return Object.entries(raw as Record<string, unknown>).map(([name, v]) => {
    if (typeof v !== "string") return { name, value: v };
    try {
      return { name, value: JSON.parse(v) as unknown };
    } catch {
      return { name, value: v };
    }
  });
}
