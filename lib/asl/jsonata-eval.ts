import jsonata from "jsonata";
import { hashText, isHashAlgorithm } from "./hash";
import type { RandomPort } from "./intrinsics";
import { StatesError } from "./states-error";
import { isJsonObject, setMember, type Json } from "./types";

/** A JSONata failure with the field path of the failing expression (`Arguments/FunctionName`), for `EvaluationFailed.location`. */
export class JsonataFieldError extends StatesError {
  readonly field: string;
  constructor(cause: string, field: string) {
    super("States.QueryEvaluationError", cause);
    this.field = field;
  }
}

/** `$states` as JSONata expressions see it: `input`, `context`, and `result`/`errorOutput` where defined. */
export interface JsonataStates {
  readonly input: Json;
  readonly context: Json;
  readonly result?: Json;
  readonly errorOutput?: Json;
}

const compiled = new Map<string, jsonata.Expression>();

/** Whether `value` is a JSONata template string `{% … %}`. */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("{%") && value.endsWith("%}");
}

/** Compiles a `{% … %}` body; throws the JSONata syntax error (validation reports it with its path). */
export function compileJsonata(body: string): jsonata.Expression {
  const cached = compiled.get(body);
  if (cached !== undefined) return cached;
  const expression = jsonata(body);
  compiled.set(body, expression);
  return expression;
}

/** JSONata has no JSON `undefined`; ASL treats an expression that yields nothing as `null` where a value is required. */
function toJson(value: unknown): Json {
  if (value === undefined) return null;
  if (Array.isArray(value)) {
    // JSONata marks sequences with extra properties; copy to a plain array.
    return value.map(toJson);
  }
  if (isFunctionValue(value)) return null;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) setMember(out, k, toJson(v));
    return out;
  }
  if (typeof value === "function") return null;
  return value as Json;
}

/**
 * Evaluates a JSONata template (`Arguments`, `Output`, `Assign`, `Condition`, `Items`, …):
 * strings `{% … %}` are expressions, objects and arrays are walked, other values are literal.
 * Variables are bound by name next to `$states`; failures are `States.QueryEvaluationError`.
 */
export async function evaluateJsonataTemplate(
  template: Json,
  states: JsonataStates,
  variables: Readonly<Record<string, Json>>,
  random: RandomPort,
  field: string,
): Promise<Json> {
  if (isJsonataExpression(template))
    return evaluateJsonata(template.slice(2, -2).trim(), states, variables, random, field);
  if (Array.isArray(template)) {
    const out: Json[] = [];
    for (const [index, item] of template.entries())
      out.push(await evaluateJsonataTemplate(item, states, variables, random, `${field}/${index}`));
    return out;
  }
  if (isJsonObject(template)) {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(template))
      setMember(out, key, await evaluateJsonataTemplate(value, states, variables, random, `${field}/${key}`));
    return out;
  }
  return template;
}

async function evaluateJsonata(
  body: string,
  states: JsonataStates,
  variables: Readonly<Record<string, Json>>,
  random: RandomPort,
  field: string,
): Promise<Json> {
  let expression: jsonata.Expression;
  try {
    expression = compileJsonata(body);
  } catch (err) {
    throw new JsonataFieldError(
      `The JSONata expression '${body}' specified for the field '${field}' is invalid: ${messageOf(err)}`,
      field,
    );
  }
  const bindings: Record<string, unknown> = {
    ...variables,
    states,
    // The functions AWS adds to JSONata (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
    partition: (array: unknown, size: unknown) => {
      if (!Array.isArray(array) || typeof size !== "number" || size <= 0)
        throw new Error("$partition expects an array and a positive chunk size");
      const out: unknown[] = [];
      for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
      return out;
    },
    range: (start: unknown, end: unknown, step: unknown) => {
      if (typeof start !== "number" || typeof end !== "number" || typeof step !== "number" || step === 0)
        throw new Error("$range expects numbers and a non-zero step");
      const out: number[] = [];
      for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
      return out;
    },
    hash: (value: unknown, algorithm: unknown) => {
      if (!isHashAlgorithm(algorithm)) throw new Error("$hash expects MD5, SHA-1, SHA-256, SHA-384 or SHA-512");
      return hashText(typeof value === "string" ? value : JSON.stringify(value ?? null), algorithm);
    },
    uuid: () => random.uuid(),
    random: () => random.random(),
    parse: (text: string) => JSON.parse(text) as unknown,
  };
  let value: unknown;
  try {
    value = await expression.evaluate(undefined, bindings);
  } catch (err) {
    throw new JsonataFieldError(
      `The JSONata expression '${body}' specified for the field '${field}' threw an error during evaluation. ${messageOf(err)}`,
      field,
    );
  }
  if (isFunctionValue(value)) {
    throw new JsonataFieldError(
      `The JSONata expression '${body}' specified for the field '${field}' returned an unsupported result type.`,
      field,
    );
  }
  if (value === undefined) {
    throw new JsonataFieldError(
      `The JSONata expression '${body}' specified for the field '${field}' returned nothing (undefined).`,
      field,
    );
  }
  return toJson(value);
}

/** A JSONata error as AWS words it: `T1006: Attempted to invoke a non-function` (code, when the error has one, then message). */
function messageOf(err: unknown): string {
  if (typeof err !== "object" || err === null || !("message" in err)) return String(err);
  const message = String((err as { message: unknown }).message);
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${message}` : message;
}

/** A JSONata lambda (an object carrying `_jsonata_lambda`) or a native function: not JSON. */
function isFunctionValue(value: unknown): boolean {
  if (typeof value === "function") return true;
  return typeof value === "object" && value !== null && "_jsonata_lambda" in value;
}
