import { isValidPath } from "../json-path";
import { parseIntrinsic } from "../parse-intrinsic";
import { isJsonObject, type Json, type JsonObject, type QueryLanguage } from "../types";
import { pointer, type DefinitionError, type DiagnosticCode } from "./definition-error";
import { checkNumber, NUMERIC_FIELDS, RANGES } from "./number-ranges";
import { validatePayloadTemplate, walkJsonata } from "./payload-checks";
import { resourceFault } from "./resource-arn";
import { validateRetryCatch } from "./retry-catch";
import { COMMON, FIELDS, JSONATA_ONLY, JSONPATH_ONLY, onlyFor, PATH_FIELDS, STATE_TYPES } from "./state-fields";

type Path = readonly (string | number)[];

/** What validating one state needs from its machine. */
export interface StateContext {
  readonly names: ReadonlySet<string>;
  /** The machine's top-level QueryLanguage: what a state without its own inherits. */
  readonly rootLanguage: QueryLanguage;
  readonly errors: DefinitionError[];
  /** Validates a nested machine (a Parallel branch, a Map's processor). */
  readonly validateMachine: (machine: JsonObject, at: Path, kind: "branch" | "processor") => void;
}

const WAIT_TIMING = ["SecondsPath", "Seconds", "TimestampPath", "Timestamp"];

/** Validates one state with AWS's messages; returns the names it can transition to. */
export function validateState(state: JsonObject, at: Path, context: StateContext): string[] {
  const { names, errors } = context;
  const add = (rel: Path, message: string, code?: DiagnosticCode): void => {
    errors.push({ path: pointer([...at, ...rel]), message, ...(code === undefined ? {} : { code }) });
  };
  const type = state["Type"];
  if (typeof type !== "string" || !STATE_TYPES.has(type)) {
    add(
      ["Type"],
      `unknown state type ${JSON.stringify(type ?? null)} (expected one of ${[...STATE_TYPES].join(", ")})`,
    );
    return [];
  }
  const ql = state["QueryLanguage"];
  if (ql !== undefined && ql !== "JSONPath" && ql !== "JSONata")
    add(["QueryLanguage"], "Value should be one of the following: [JSONPath, JSONata]");
  if (context.rootLanguage === "JSONata" && ql === "JSONPath")
    add([], "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  const language: QueryLanguage = ql === "JSONata" ? "JSONata" : ql === "JSONPath" ? "JSONPath" : context.rootLanguage;
  const jsonata = language === "JSONata";
  const allowed = new Set([...COMMON, ...(FIELDS[type] ?? [])]);
  for (const key of Object.keys(state)) {
    if (!allowed.has(key)) add([], `Field '${key}' is not supported`);
    else if (jsonata ? JSONPATH_ONLY.has(key) : JSONATA_ONLY.has(key)) add([], onlyFor(language, key));
  }
  const targets: string[] = [];
  const checkTarget = (rel: Path, target: Json | undefined): void => {
    if (typeof target !== "string") add(rel, "Expected value of type String");
    else if (!names.has(target)) add(rel, `Missing 'Next' target: ${target}`, "MISSING_TRANSITION_TARGET");
    else targets.push(target);
  };
  if (type !== "Succeed" && type !== "Fail" && type !== "Choice") {
    if (state["Next"] !== undefined && state["End"] !== undefined)
      add(["End"], "a state has either Next or End, not both");
    if (state["Next"] !== undefined) checkTarget(["Next"], state["Next"]);
    else if (state["End"] !== true) add(["Next"], "Next or End: true is required");
  }
  if (jsonata) walkJsonata(state, at, errors);
  else checkPaths(state, at, add, errors);
  if (type === "Task") {
    const fault = resourceFault(state["Resource"]);
    if (fault !== null) add(state["Resource"] === undefined ? [] : ["Resource"], fault.message, fault.code);
  }
  for (const field of NUMERIC_FIELDS[type] ?? []) checkNumber(state[field], [field], RANGES[field], jsonata, add);
  const timeout = state["TimeoutSeconds"];
  const heartbeat = state["HeartbeatSeconds"];
  if (type === "Task" && typeof timeout === "number" && typeof heartbeat === "number" && heartbeat >= timeout)
    add(["HeartbeatSeconds"], "HeartbeatSeconds must be smaller than TimeoutSeconds");
  if (type === "Wait" && WAIT_TIMING.filter((field) => state[field] !== undefined).length > 1)
    add([], `There should only be one of the following fields: [${WAIT_TIMING.join(", ")}]`);
  if (type === "Choice") checkChoices(state, language, add, checkTarget);
  validateRetryCatch(state, language, add, checkTarget);
  if (type === "Parallel") {
    const branches = state["Branches"];
    if (!Array.isArray(branches) || branches.length === 0) add(["Branches"], "Branches must be a non-empty array");
    else
      branches.forEach((branch, index) =>
        isJsonObject(branch)
          ? context.validateMachine(branch, [...at, "Branches", index], "branch")
          : add(["Branches", index], "Expected value of type Object"),
      );
  }
  if (type === "Map") {
    const field = state["ItemProcessor"] !== undefined ? "ItemProcessor" : "Iterator";
    const processor = state[field];
    if (!isJsonObject(processor)) add(["ItemProcessor"], "ItemProcessor is required and must be an object");
    else context.validateMachine(processor, [...at, field], "processor");
  }
  return targets;
}

/** A Choice's rules: each an object with a `Next`, in its query language's shape. */
function checkChoices(
  state: JsonObject,
  language: QueryLanguage,
  add: (rel: Path, message: string) => void,
  checkTarget: (rel: Path, target: Json | undefined) => void,
): void {
  const choices = state["Choices"];
  if (state["Default"] !== undefined) checkTarget(["Default"], state["Default"]);
  if (!Array.isArray(choices) || choices.length === 0) return add(["Choices"], "Choices must be a non-empty array");
  choices.forEach((rule, index) => {
    if (!isJsonObject(rule)) return add(["Choices", index], "Expected value of type Object");
    const wrong = language === "JSONata" ? "Variable" : "Condition";
    if (rule[wrong] !== undefined) add(["Choices", index], onlyFor(language, wrong));
    checkTarget(["Choices", index, "Next"], rule["Next"]);
  });
}

/** A JSONPath state's paths, intrinsic calls and payload templates. */
function checkPaths(
  state: JsonObject,
  at: Path,
  add: (rel: Path, message: string) => void,
  errors: DefinitionError[],
): void {
  for (const field of PATH_FIELDS) {
    const value = state[field];
    if (value === undefined || value === null) continue;
    if (typeof value === "string" && (field === "ErrorPath" || field === "CausePath") && value.startsWith("States.")) {
      try {
        parseIntrinsic(value);
      } catch (err) {
        add([field], `bad intrinsic call: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (typeof value !== "string" || !isValidPath(value))
      add([field], `not a valid JSONPath: ${JSON.stringify(value)}`);
  }
  for (const field of ["Parameters", "ResultSelector", "ItemSelector", "Assign"])
    if (state[field] !== undefined) validatePayloadTemplate(state[field], [...at, field], errors);
}
