import { tryReadPath } from "./json-path";
import { readScopedPath, type PathScope } from "./intrinsics";
import { StatesError } from "./states-error";
import { isJsonObject, type Json, type JsonObject } from "./types";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function readOperand(path: string, scope: PathScope): Json | undefined {
  if (path.startsWith("$$")) return tryReadPath(path.slice(1), scope.context);
  if (/^\$[A-Za-z_]/.test(path)) {
    try {
      return readScopedPath(path, scope, "States.Runtime");
    } catch {
      return undefined;
    }
  }
  return tryReadPath(path, scope.input);
}

function globMatch(value: string, pattern: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "*") re += ".*";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`, "s").test(value);
}

const ts = (v: string): number => Date.parse(v);

type Compare = (a: Json, b: Json) => boolean;
const strCmp =
  (op: (x: string, y: string) => boolean): Compare =>
  (a, b) =>
    typeof a === "string" && typeof b === "string" && op(a, b);
const numCmp =
  (op: (x: number, y: number) => boolean): Compare =>
  (a, b) =>
    typeof a === "number" && typeof b === "number" && op(a, b);
const tsCmp =
  (op: (x: number, y: number) => boolean): Compare =>
  (a, b) =>
    typeof a === "string" && typeof b === "string" && TIMESTAMP.test(a) && TIMESTAMP.test(b) && op(ts(a), ts(b));

/** Every binary comparison operator of a Choice rule (the `*Path` variants read the right side from a path). */
export const COMPARISONS: Readonly<Record<string, Compare>> = {
  StringEquals: strCmp((a, b) => a === b),
  StringLessThan: strCmp((a, b) => a < b),
  StringGreaterThan: strCmp((a, b) => a > b),
  StringLessThanEquals: strCmp((a, b) => a <= b),
  StringGreaterThanEquals: strCmp((a, b) => a >= b),
  NumericEquals: numCmp((a, b) => a === b),
  NumericLessThan: numCmp((a, b) => a < b),
  NumericGreaterThan: numCmp((a, b) => a > b),
  NumericLessThanEquals: numCmp((a, b) => a <= b),
  NumericGreaterThanEquals: numCmp((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === "boolean" && a === b,
  TimestampEquals: tsCmp((a, b) => a === b),
  TimestampLessThan: tsCmp((a, b) => a < b),
  TimestampGreaterThan: tsCmp((a, b) => a > b),
  TimestampLessThanEquals: tsCmp((a, b) => a <= b),
  TimestampGreaterThanEquals: tsCmp((a, b) => a >= b),
  StringMatches: (a, b) => typeof a === "string" && typeof b === "string" && globMatch(a, b),
};

/** The type tests: `IsPresent`, `IsNull`, `IsNumeric`, `IsString`, `IsBoolean`, `IsTimestamp`. */
const TYPE_TESTS: Readonly<Record<string, (v: Json | undefined) => boolean>> = {
  IsPresent: (v) => v !== undefined,
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === "number",
  IsString: (v) => typeof v === "string",
  IsBoolean: (v) => typeof v === "boolean",
  IsTimestamp: (v) => typeof v === "string" && TIMESTAMP.test(v),
};

/**
 * Evaluates a JSONPath Choice rule: `And`/`Or`/`Not`, or `Variable` with one comparison
 * operator (or its `*Path` variant) or type test. A `Variable` that is not there fails with
 * `States.Runtime` ("Invalid path …"), except under `IsPresent`.
 */
export function evaluateChoiceRule(rule: JsonObject, scope: PathScope): boolean {
  const and = rule["And"];
  if (Array.isArray(and)) return and.every((r) => isJsonObject(r) && evaluateChoiceRule(r, scope));
  const or = rule["Or"];
  if (Array.isArray(or)) return or.some((r) => isJsonObject(r) && evaluateChoiceRule(r, scope));
  const not = rule["Not"];
  if (isJsonObject(not)) return !evaluateChoiceRule(not, scope);
  const variable = rule["Variable"];
  if (typeof variable !== "string") return false;
  const value = readOperand(variable, scope);
  // AWS: only `IsPresent` may test a path that is not there; any other test fails the execution.
  if (value === undefined && rule["IsPresent"] === undefined)
    throw new StatesError(
      "States.Runtime",
      `Invalid path '${variable}': The choice state's condition path references an invalid value.`,
    );
  // `for…in` rather than Object.entries: a Choice runs once per Map item, so allocation matters.
  for (const key in rule) {
    const operand = rule[key] as Json;
    const test = TYPE_TESTS[key];
    if (test !== undefined) return test(value) === (operand === true);
    const direct = COMPARISONS[key];
    if (direct !== undefined) return value !== undefined && direct(value, operand);
    if (key.endsWith("Path")) {
      const compare = COMPARISONS[key.slice(0, -4)];
      if (compare !== undefined && typeof operand === "string") {
        const right = readOperand(operand, scope);
        return value !== undefined && right !== undefined && compare(value, right);
      }
    }
  }
  return false;
}
