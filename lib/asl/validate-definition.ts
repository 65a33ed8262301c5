import { isValidPath } from "./json-path";
import { pointer, type DefinitionError } from "./validate/definition-error";
import { checkNumber, NUMERIC_FIELDS, RANGES, type NumberRange } from "./validate/number-ranges";
import { parseIntrinsic } from "./parse-intrinsic";
import { validatePayloadTemplate, walkJsonata } from "./validate/payload-checks";
import { COMMON, FIELDS, PATH_FIELDS, STATE_TYPES } from "./validate/state-fields";

import { isJsonObject, type Json, type JsonObject, type QueryLanguage, type StateMachineDefinition } from "./types";

export type { DefinitionError } from "./validate/definition-error";

/** A validated definition, or every fault found. */
export type DefinitionResult =
  | { readonly ok: true; readonly definition: StateMachineDefinition }
  | { readonly ok: false; readonly errors: readonly DefinitionError[] };

/**
 * Parses and validates an ASL definition (text or an already-parsed value): `StartAt`,
 * `States`, state `Type`s, fields allowed per type and `QueryLanguage`, `Next`/`Default`/
 * `StartAt` targets, `End`, JSONPath syntax, JSONata syntax (`{% … %}`), intrinsic calls
 * (`.$` keys), `Retry`/`Catch` shape, reachability. Each error names its JSON Pointer path.
 */
export function validateDefinition(source: string | unknown): DefinitionResult {
  let value: unknown = source;
  if (typeof source === "string") {
    try {
      value = JSON.parse(source) as unknown;
    } catch (err) {
      return {
        ok: false,
        errors: [{ path: "", message: `not JSON: ${err instanceof Error ? err.message : String(err)}` }],
      };
    }
  }
  const errors: DefinitionError[] = [];
  if (!isJsonObject(value as Json))
    return { ok: false, errors: [{ path: "", message: "a definition must be a JSON object" }] };
  const root = value as JsonObject;
  const rootLanguage = root["QueryLanguage"] ?? "JSONPath";
  if (rootLanguage !== "JSONPath" && rootLanguage !== "JSONata")
    errors.push({ path: "/QueryLanguage", message: "QueryLanguage must be JSONPath or JSONata" });
  validateMachine(root, [], rootLanguage === "JSONata" ? "JSONata" : "JSONPath", errors);
  checkNumber(
    root["TimeoutSeconds"],
    ["TimeoutSeconds"],
    RANGES["TimeoutSeconds"] as NumberRange,
    false,
    (rel, message) => errors.push({ path: pointer(rel), message }),
  );
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, definition: root as unknown as StateMachineDefinition };
}

function validateMachine(
  machine: JsonObject,
  at: readonly (string | number)[],
  language: QueryLanguage,
  errors: DefinitionError[],
): void {
  const states = machine["States"];
  if (!isJsonObject(states)) {
    errors.push({ path: pointer([...at, "States"]), message: "States is required and must be an object" });
    return;
  }
  const names = new Set(Object.keys(states));
  const startAt = machine["StartAt"];
  if (typeof startAt !== "string")
    errors.push({ path: pointer([...at, "StartAt"]), message: "StartAt is required and must be a string" });
  else if (!names.has(startAt))
    errors.push({ path: pointer([...at, "StartAt"]), message: `StartAt names '${startAt}', which is not a state` });
  const edges = new Map<string, string[]>();
  for (const [name, state] of Object.entries(states)) {
    const statePath = [...at, "States", name];
    if (!isJsonObject(state)) {
      errors.push({ path: pointer(statePath), message: "a state must be an object" });
      continue;
    }
    edges.set(name, validateState(state, statePath, language, names, errors));
  }
  if (typeof startAt === "string" && names.has(startAt)) {
    const seen = new Set<string>([startAt]);
    const queue = [startAt];
    for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
      for (const next of edges.get(current) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    for (const name of names)
      if (!seen.has(name))
        errors.push({ path: pointer([...at, "States", name]), message: `state '${name}' is unreachable from StartAt` });
  }
}

/** Validates one state; returns the names it can transition to. */
function validateState(
  state: JsonObject,
  at: readonly (string | number)[],
  outer: QueryLanguage,
  names: ReadonlySet<string>,
  errors: DefinitionError[],
): string[] {
  const add = (rel: readonly (string | number)[], message: string): void => {
    errors.push({ path: pointer([...at, ...rel]), message });
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
    add(["QueryLanguage"], "QueryLanguage must be JSONPath or JSONata");
  if (outer === "JSONata" && ql === "JSONPath")
    add(["QueryLanguage"], "a state cannot use JSONPath when the state machine uses JSONata");
  const language: QueryLanguage = ql === "JSONata" ? "JSONata" : ql === "JSONPath" ? "JSONPath" : outer;
  const allowed = new Set([...COMMON, ...(FIELDS[type]?.[language] ?? [])]);
  for (const key of Object.keys(state))
    if (!allowed.has(key)) add([key], `field '${key}' is not allowed in a ${type} state using ${language}`);
  const targets: string[] = [];
  const checkTarget = (rel: readonly (string | number)[], target: Json | undefined): void => {
    if (typeof target !== "string") add(rel, "must name a state");
    else if (!names.has(target)) add(rel, `names '${target}', which is not a state`);
    else targets.push(target);
  };
  const terminal = type === "Succeed" || type === "Fail" || type === "Choice";
  if (!terminal) {
    if (state["Next"] !== undefined && state["End"] !== undefined)
      add(["End"], "a state has either Next or End, not both");
    if (state["Next"] !== undefined) checkTarget(["Next"], state["Next"]);
    else if (state["End"] !== true) add(["Next"], "Next or End: true is required");
  }
  if (language === "JSONPath") {
    for (const field of PATH_FIELDS) {
      const value = state[field];
      if (value === undefined || value === null) continue;
      if (
        typeof value === "string" &&
        (field === "ErrorPath" || field === "CausePath") &&
        value.startsWith("States.")
      ) {
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
  } else {
    walkJsonata(state, at, errors);
  }
  if (type === "Task" && typeof state["Resource"] !== "string")
    add(["Resource"], "Resource is required and must be a string");
  const jsonata = language === "JSONata";
  for (const field of NUMERIC_FIELDS[type] ?? [])
    checkNumber(state[field], [field], RANGES[field] as NumberRange, jsonata, add);
  const timeout = state["TimeoutSeconds"];
  const heartbeat = state["HeartbeatSeconds"];
  if (type === "Task" && typeof timeout === "number" && typeof heartbeat === "number" && heartbeat >= timeout)
    add(["HeartbeatSeconds"], "HeartbeatSeconds must be smaller than TimeoutSeconds");
  if (type === "Choice") {
    const choices = state["Choices"];
    if (!Array.isArray(choices) || choices.length === 0) add(["Choices"], "Choices must be a non-empty array");
    else
      choices.forEach((rule, index) =>
        isJsonObject(rule)
          ? checkTarget(["Choices", index, "Next"], rule["Next"])
          : add(["Choices", index], "a Choice rule must be an object"),
      );
    if (state["Default"] !== undefined) checkTarget(["Default"], state["Default"]);
  }
  for (const field of ["Retry", "Catch"] as const) {
    const list = state[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      add([field], `${field} must be an array`);
      continue;
    }
    list.forEach((item, index) => {
      if (!isJsonObject(item) || !Array.isArray(item["ErrorEquals"]) || item["ErrorEquals"].length === 0)
        add([field, index, "ErrorEquals"], "ErrorEquals must be a non-empty array of error names");
      if (!isJsonObject(item)) return;
      if (field === "Catch") checkTarget([field, index, "Next"], item["Next"]);
      if (field === "Retry") {
        checkNumber(
          item["BackoffRate"],
          [field, index, "BackoffRate"],
          RANGES["BackoffRate"] as NumberRange,
          false,
          add,
        );
        checkNumber(
          item["MaxAttempts"],
          [field, index, "MaxAttempts"],
          RANGES["MaxAttempts"] as NumberRange,
          false,
          add,
        );
        checkNumber(
          item["IntervalSeconds"],
          [field, index, "IntervalSeconds"],
          RANGES["IntervalSeconds"] as NumberRange,
          false,
          add,
        );
        checkNumber(
          item["MaxDelaySeconds"],
          [field, index, "MaxDelaySeconds"],
          RANGES["MaxDelaySeconds"] as NumberRange,
          false,
          add,
        );
        const jitter = item["JitterStrategy"];
        if (jitter !== undefined && jitter !== "FULL" && jitter !== "NONE")
          add([field, index, "JitterStrategy"], "JitterStrategy must be FULL or NONE");
      }
    });
  }
  if (type === "Parallel") {
    const branches = state["Branches"];
    if (!Array.isArray(branches) || branches.length === 0) add(["Branches"], "Branches must be a non-empty array");
    else
      branches.forEach((branch, index) =>
        isJsonObject(branch)
          ? validateMachine(branch, [...at, "Branches", index], language, errors)
          : add(["Branches", index], "a branch must be an object"),
      );
  }
  if (type === "Map") {
    const field = state["ItemProcessor"] !== undefined ? "ItemProcessor" : "Iterator";
    const processor = state[field];
    if (!isJsonObject(processor)) add(["ItemProcessor"], "ItemProcessor is required and must be an object");
    else validateMachine(processor, [...at, field], language, errors);
  }
  return targets;
}
