import { evaluateIntrinsic, readScopedPath, type PathScope, type RandomPort } from "./intrinsics";
import { parseIntrinsic } from "./parse-intrinsic";
import { StatesError } from "./states-error";
import { isJsonObject, setMember, type Json } from "./types";

/**
 * Evaluates a JSONPath-language payload template (`Parameters`, `ResultSelector`,
 * `ItemSelector`, JSONPath `Assign`): a key ending in `.$` takes the value of its path
 * (`$`, `$$`, `$var`) or intrinsic call, under the key without the suffix.
 */
export function evaluatePayloadTemplate(template: Json, scope: PathScope, random: RandomPort): Json {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, scope, random));
  if (!isJsonObject(template)) return template;
  const out: Record<string, Json> = {};
  // Keys, not entries: a template is evaluated per state and per Map item, and `Object.entries` made an array per member.
  for (const key of Object.keys(template)) {
    const value = template[key] as Json;
    if (!key.endsWith(".$")) {
      setMember(out, key, evaluatePayloadTemplate(value, scope, random));
      continue;
    }
    const field = key.slice(0, -2);
    if (typeof value !== "string")
      throw new StatesError("States.Runtime", `The value of the field '${key}' must be a string`);
    setMember(out, field, evaluateDynamicValue(key, value, scope, random));
  }
  return out;
}

function evaluateDynamicValue(key: string, expression: string, scope: PathScope, random: RandomPort): Json {
  if (expression.startsWith("States.")) {
    let call;
    try {
      call = parseIntrinsic(expression);
    } catch (err) {
      throw new StatesError(
        "States.IntrinsicFailure",
        `Invalid intrinsic '${expression}': ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return evaluateIntrinsic(call, scope, random);
  }
  try {
    return readScopedPath(expression, scope, "States.Runtime");
  } catch (err) {
    if (err instanceof StatesError && err.error === "States.Runtime" && !err.cause?.includes("variable")) {
      const target = expression.startsWith("$$") ? scope.context : scope.input;
      throw new StatesError(
        "States.Runtime",
        `The JSONPath '${expression}' specified for the field '${key}' could not be found in the input '${JSON.stringify(target)}'`,
      );
    }
    throw err;
  }
}
