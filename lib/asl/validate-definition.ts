import { compileJsonata, isJsonataExpression } from "./jsonata-eval";
import { isValidPath } from "./json-path";
import { parseIntrinsic } from "./parse-intrinsic";
import { isJsonObject, type Json, type JsonObject, type QueryLanguage, type StateMachineDefinition } from "./types";

/** One fault in a definition: `path` is a JSON Pointer into it (`/States/Charge/Retry/0/BackoffRate`). */
export interface DefinitionError {
  readonly path: string;
  readonly message: string;
}

/** A validated definition, or every fault found. */
export type DefinitionResult =
  | { readonly ok: true; readonly definition: StateMachineDefinition }
  | { readonly ok: false; readonly errors: readonly DefinitionError[] };

const STATE_TYPES = new Set(["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]);
const COMMON = ["Type", "Comment", "QueryLanguage"];
const PATH_IO = ["InputPath", "OutputPath"];
const NEXT_END = ["Next", "End"];
const JSONATA_IO = ["Output", "Assign"];
const RETRY_CATCH = ["Retry", "Catch"];

/** Fields each state type allows, per `QueryLanguage` (ASL spec + the JSONata additions). */
const FIELDS: Readonly<Record<string, { readonly JSONPath: readonly string[]; readonly JSONata: readonly string[] }>> =
  {
    Pass: {
      JSONPath: [...PATH_IO, ...NEXT_END, "Parameters", "Result", "ResultPath", "Assign"],
      JSONata: [...NEXT_END, ...JSONATA_IO],
    },
    Task: {
      JSONPath: [
        ...PATH_IO,
        ...NEXT_END,
        ...RETRY_CATCH,
        "Resource",
        "Parameters",
        "ResultSelector",
        "ResultPath",
        "TimeoutSeconds",
        "TimeoutSecondsPath",
        "HeartbeatSeconds",
        "HeartbeatSecondsPath",
        "Credentials",
        "Assign",
      ],
      JSONata: [
        ...NEXT_END,
        ...RETRY_CATCH,
        ...JSONATA_IO,
        "Resource",
        "Arguments",
        "TimeoutSeconds",
        "HeartbeatSeconds",
        "Credentials",
      ],
    },
    Choice: { JSONPath: [...PATH_IO, "Choices", "Default", "Assign"], JSONata: ["Choices", "Default", ...JSONATA_IO] },
    Wait: {
      JSONPath: [...PATH_IO, ...NEXT_END, "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"],
      JSONata: [...NEXT_END, ...JSONATA_IO, "Seconds", "Timestamp"],
    },
    Succeed: { JSONPath: PATH_IO, JSONata: ["Output"] },
    Fail: { JSONPath: ["Error", "ErrorPath", "Cause", "CausePath"], JSONata: ["Error", "Cause"] },
    Parallel: {
      JSONPath: [
        ...PATH_IO,
        ...NEXT_END,
        ...RETRY_CATCH,
        "Branches",
        "Parameters",
        "ResultSelector",
        "ResultPath",
        "Assign",
      ],
      JSONata: [...NEXT_END, ...RETRY_CATCH, ...JSONATA_IO, "Branches", "Arguments"],
    },
    Map: {
      JSONPath: [
        ...PATH_IO,
        ...NEXT_END,
        ...RETRY_CATCH,
        "Iterator",
        "ItemProcessor",
        "ItemsPath",
        "ItemSelector",
        "Parameters",
        "ResultSelector",
        "ResultPath",
        "MaxConcurrency",
        "MaxConcurrencyPath",
        "ItemReader",
        "ItemBatcher",
        "ResultWriter",
        "ToleratedFailureCount",
        "ToleratedFailureCountPath",
        "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath",
        "Label",
        "Assign",
      ],
      JSONata: [
        ...NEXT_END,
        ...RETRY_CATCH,
        ...JSONATA_IO,
        "ItemProcessor",
        "Items",
        "ItemSelector",
        "MaxConcurrency",
        "ItemReader",
        "ItemBatcher",
        "ResultWriter",
        "ToleratedFailureCount",
        "ToleratedFailurePercentage",
        "Label",
        "Iterator",
        "Arguments",
      ],
    },
  };

const PATH_FIELDS = [
  "InputPath",
  "OutputPath",
  "ResultPath",
  "ItemsPath",
  "SecondsPath",
  "TimestampPath",
  "ErrorPath",
  "CausePath",
  "TimeoutSecondsPath",
  "HeartbeatSecondsPath",
  "MaxConcurrencyPath",
  "ToleratedFailureCountPath",
  "ToleratedFailurePercentagePath",
];

const pointer = (segments: readonly (string | number)[]): string =>
  segments.length === 0 ? "" : `/${segments.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

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

/** A numeric field's allowed values (AWS's documented ranges). */
interface NumberRange {
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
}

// AWS: timeouts and intervals are positive integers up to 99,999,999; MaxDelaySeconds is below
// 31,622,401; BackoffRate ≥ 1.0; MaxAttempts 0–99,999,999; MaxConcurrency ≥ 0 (0 = no limit);
// ToleratedFailurePercentage 0–100; ToleratedFailureCount ≥ 0; Wait Seconds ≥ 0.
const RANGES: Readonly<Record<string, NumberRange>> = {
  TimeoutSeconds: { integer: true, min: 1, max: 99_999_999 },
  HeartbeatSeconds: { integer: true, min: 1, max: 99_999_999 },
  Seconds: { integer: true, min: 0, max: 99_999_999 },
  MaxConcurrency: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  ToleratedFailureCount: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  ToleratedFailurePercentage: { integer: false, min: 0, max: 100 },
  BackoffRate: { integer: false, min: 1, max: Number.MAX_VALUE },
  MaxAttempts: { integer: true, min: 0, max: 99_999_999 },
  IntervalSeconds: { integer: true, min: 1, max: 99_999_999 },
  MaxDelaySeconds: { integer: true, min: 1, max: 31_622_400 },
};

/** The numeric fields checked per state type (Retry's are checked with Retry). */
const NUMERIC_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Task: ["TimeoutSeconds", "HeartbeatSeconds"],
  Wait: ["Seconds"],
  Map: ["MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage"],
};

/** A number field within its range; in JSONata a `{% … %}` expression is checked when it runs. */
function checkNumber(
  value: Json | undefined,
  rel: readonly (string | number)[],
  range: NumberRange,
  jsonata: boolean,
  add: (rel: readonly (string | number)[], message: string) => void,
): void {
  if (value === undefined || (jsonata && isJsonataExpression(value))) return;
  const field = String(rel.at(-1));
  const kind = range.integer ? "an integer" : "a number";
  const bounds =
    range.max >= Number.MAX_SAFE_INTEGER
      ? `≥ ${range.min}`
      : `from ${range.min} to ${range.max.toLocaleString("en-US")}`;
  if (
    typeof value !== "number" ||
    (range.integer && !Number.isInteger(value)) ||
    value < range.min ||
    value > range.max
  ) {
    add(rel, `${field} must be ${kind} ${bounds}, not ${JSON.stringify(value)}`);
  }
}

function validatePayloadTemplate(
  template: Json | undefined,
  at: readonly (string | number)[],
  errors: DefinitionError[],
): void {
  if (Array.isArray(template))
    return template.forEach((item, index) => validatePayloadTemplate(item, [...at, index], errors));
  if (!isJsonObject(template)) return;
  for (const [key, value] of Object.entries(template)) {
    if (!key.endsWith(".$")) {
      validatePayloadTemplate(value, [...at, key], errors);
      continue;
    }
    if (typeof value !== "string")
      errors.push({ path: pointer([...at, key]), message: "a '.$' field must hold a path or an intrinsic call" });
    else if (value.startsWith("States.")) {
      try {
        parseIntrinsic(value);
      } catch (err) {
        errors.push({
          path: pointer([...at, key]),
          message: `bad intrinsic call: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    } else if (!isValidPath(value))
      errors.push({ path: pointer([...at, key]), message: `not a valid JSONPath: ${JSON.stringify(value)}` });
  }
}

/** JSONata states: every `{% … %}` must compile (nested Parallel/Map machines are validated on their own). */
function walkJsonata(value: Json | undefined, at: readonly (string | number)[], errors: DefinitionError[]): void {
  if (isJsonataExpression(value)) {
    try {
      compileJsonata(value.slice(2, -2).trim());
    } catch (err) {
      const message =
        typeof err === "object" && err !== null && "message" in err
          ? String((err as { message: unknown }).message)
          : String(err);
      errors.push({ path: pointer(at), message: `bad JSONata: ${message}` });
    }
    return;
  }
  if (Array.isArray(value)) return value.forEach((item, index) => walkJsonata(item, [...at, index], errors));
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "Branches" || key === "ItemProcessor" || key === "Iterator") continue;
    walkJsonata(child, [...at, key], errors);
  }
}
