import { compileJsonata, isJsonataExpression } from "../jsonata-eval";
import { isValidPath } from "../json-path";
import { parseIntrinsic } from "../parse-intrinsic";
import { isJsonObject, type Json } from "../types";
import { pointer, type DefinitionError } from "./definition-error";

/** A `Parameters`/`ResultSelector`-like template: each `.$` field holds a valid JSONPath or intrinsic call. */
export function validatePayloadTemplate(
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
export function walkJsonata(
  value: Json | undefined,
  at: readonly (string | number)[],
  errors: DefinitionError[],
): void {
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
  // The predicate above narrows strings away; an unclosed `{%` is still a string.
  const text: unknown = value;
  if (typeof text === "string" && text.startsWith("{%")) {
    errors.push({ path: pointer(at), message: "JSONata string must start with {% and end with %}" });
    return;
  }
  if (Array.isArray(value)) return value.forEach((item, index) => walkJsonata(item, [...at, index], errors));
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "Branches" || key === "ItemProcessor" || key === "Iterator") continue;
    walkJsonata(child, [...at, key], errors);
  }
}
