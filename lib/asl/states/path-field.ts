import { readScopedPath, type PathScope } from "../intrinsics";
import { parseSimplePath } from "../json-path";
import { StatesError } from "../states-error";
import { isJsonObject, type Json } from "../types";

/**
 * Every JSONPath `*Path` field that reads a value from the state input (or context object, or a
 * variable), with what the value must be. A path that finds nothing, or a value of the wrong
 * type or range, fails the state with `States.Runtime` in one of AWS's three wordings (a
 * family per field, as AWS's recordings show):
 * - `io` (`InputPath`, `OutputPath`, `ItemsPath`): `Invalid path '$.a.b' : Missing property in path $['a']`;
 * - `parameter` (the Wait's and the Task's: `SecondsPath`, `TimestampPath`, `TimeoutSecondsPath`,
 *   `HeartbeatSecondsPath`, and the Fail's `ErrorPath`/`CausePath`): `The SecondsPath parameter does
 *   not reference an input value: $.x`, `… cannot be parsed as a long value: $.x == 1.5`,
 *   `… references a negative value: $.x == -1`, `… does not reference a valid ISO-8601 extended
 *   offset date-time format string: $.x == <value>`;
 * - `field` (the Map's numbers: `MaxConcurrencyPath`, `ToleratedFailureCountPath`,
 *   `ToleratedFailurePercentagePath`, `ReaderConfig.MaxItemsPath`, `MaxItemsPerBatchPath`,
 *   `MaxInputBytesPerBatchPath`): `The ToleratedFailureCountPath field refers to value "x" which is
 *   not a valid integer: $.x` (integer text such as `"3"` is read as the number), then the range:
 *   `ToleratedFailureCount cannot be negative.`, `ToleratedFailurePercentage must be between 0 and 100.`
 * The texts AWS was recorded giving are used as they are; the same family's wording is used for
 * the same fault in a sibling field (the parameter family's `does not reference a string value`,
 * the field family's missing value and `must be positive`).
 */
export type PathField = keyof typeof PATH_FIELDS;

type Family = "io" | "parameter" | "field";
type Expect =
  | { readonly type: "any" }
  | { readonly type: "array" }
  | { readonly type: "string" }
  | { readonly type: "timestamp" }
  | { readonly type: "integer"; readonly min: 0 | 1 }
  | { readonly type: "float"; readonly min: number; readonly max: number };

interface FieldRule {
  readonly family: Family;
  readonly expect: Expect;
}

const ANY = { type: "any" } as const;
const NON_NEGATIVE = { type: "integer", min: 0 } as const;
const POSITIVE = { type: "integer", min: 1 } as const;

const PATH_FIELDS = {
  InputPath: { family: "io", expect: ANY },
  OutputPath: { family: "io", expect: ANY },
  ItemsPath: { family: "io", expect: { type: "array" } },
  SecondsPath: { family: "parameter", expect: NON_NEGATIVE },
  TimestampPath: { family: "parameter", expect: { type: "timestamp" } },
  TimeoutSecondsPath: { family: "parameter", expect: POSITIVE },
  HeartbeatSecondsPath: { family: "parameter", expect: POSITIVE },
  ErrorPath: { family: "parameter", expect: { type: "string" } },
  CausePath: { family: "parameter", expect: { type: "string" } },
  MaxConcurrencyPath: { family: "field", expect: NON_NEGATIVE },
  ToleratedFailureCountPath: { family: "field", expect: NON_NEGATIVE },
  ToleratedFailurePercentagePath: { family: "field", expect: { type: "float", min: 0, max: 100 } },
  MaxItemsPath: { family: "field", expect: NON_NEGATIVE },
  MaxItemsPerBatchPath: { family: "field", expect: POSITIVE },
  MaxInputBytesPerBatchPath: { family: "field", expect: POSITIVE },
} as const satisfies Record<string, FieldRule>;

/** Reads the value of a `*Path` field, checked as AWS checks it (see {@link PathField}); `States.Runtime` otherwise. */
export function readPathField(field: PathField, path: string, scope: PathScope): Json {
  const rule: FieldRule = PATH_FIELDS[field];
  let value: Json;
  try {
    value = readScopedPath(path, scope, "States.Runtime");
  } catch (err) {
    if (!(err instanceof StatesError)) throw err;
    throw new StatesError("States.Runtime", missingText(rule.family, field, path, scope, err));
  }
  return checkValue(rule, field, path, value);
}

/** The number a static field (`ToleratedFailureCount`, `MaxConcurrency`, …) or its `*Path` gives, checked the same way; `undefined` when neither is set. */
export function numberField(
  field: PathField,
  staticValue: Json | undefined,
  path: Json | undefined,
  scope: PathScope,
): number | undefined {
  if (typeof path === "string") return readPathField(field, path, scope) as number;
  if (typeof staticValue !== "number") return undefined;
  return checkValue(PATH_FIELDS[field], field, null, staticValue) as number;
}

function missingText(family: Family, field: string, path: string, scope: PathScope, err: StatesError): string {
  if (family === "parameter") return `The ${field} parameter does not reference an input value: ${path}`;
  if (family === "field") return `The ${field} field does not reference an input value: ${path}`;
  const segments = /^\$[A-Za-z_$]/.test(path) ? null : parseSimplePath(path);
  if (segments === null) return err.cause ?? `Invalid path '${path}'`;
  let node: Json = scope.input;
  let shown = "$";
  for (const segment of segments) {
    shown += typeof segment === "number" ? `[${segment}]` : `['${segment}']`;
    const next: Json | undefined =
      typeof segment === "number"
        ? Array.isArray(node)
          ? node[segment]
          : undefined
        : isJsonObject(node) && Object.hasOwn(node, segment)
          ? node[segment]
          : undefined;
    if (next === undefined) break;
    node = next;
  }
  return `Invalid path '${path}' : Missing property in path ${shown}`;
}

/** How a value appears in a cause: a string as it is, anything else as JSON. */
const shown = (value: Json): string => (typeof value === "string" ? value : JSON.stringify(value));

function checkValue(rule: FieldRule, field: string, path: string | null, value: Json): Json {
  const { family, expect } = rule;
  // A static field names itself without the `Path` suffix.
  const name = path === null ? field.replace(/Path$/, "") : field;
  const fail = (text: string): never => {
    throw new StatesError("States.Runtime", text);
  };
  switch (expect.type) {
    case "any":
      return value;
    case "array":
      return Array.isArray(value) ? value : fail(`Map state input must be an array but was: ${JSON.stringify(value)}`);
    case "string":
      return typeof value === "string"
        ? value
        : fail(`The ${name} parameter does not reference a string value: ${path ?? name} == ${shown(value)}`);
    case "timestamp":
      return typeof value === "string" && ISO_OFFSET_DATE_TIME.test(value)
        ? value
        : fail(
            `The ${name} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path ?? name} == ${shown(value)}`,
          );
    case "integer": {
      const bare = field.replace(/Path$/, "");
      if (family === "parameter") {
        if (typeof value !== "number" || !Number.isInteger(value))
          fail(`The ${name} parameter cannot be parsed as a long value: ${path ?? name} == ${shown(value)}`);
        if ((value as number) < expect.min)
          fail(
            expect.min === 0
              ? `The ${name} parameter references a negative value: ${path ?? name} == ${shown(value)}`
              : `The ${name} parameter references a non-positive value: ${path ?? name} == ${shown(value)}`,
          );
        return value;
      }
      // The Map's fields read integer text too ("3"), as AWS does.
      const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof number !== "number" || !Number.isInteger(number))
        fail(`The ${name} field refers to value "${shown(value)}" which is not a valid integer: ${path ?? name}`);
      if ((number as number) < expect.min)
        fail(expect.min === 0 ? `${bare} cannot be negative.` : `${bare} must be positive.`);
      return number;
    }
    case "float": {
      const bare = field.replace(/Path$/, "");
      const number = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      if (typeof number !== "number")
        fail(`The ${name} field refers to value "${shown(value)}" which is not a valid float: ${path ?? name}`);
      if ((number as number) < expect.min || (number as number) > expect.max)
        fail(`${bare} must be between ${expect.min} and ${expect.max}.`);
      return number;
    }
    default: {
      const unreachable: never = expect;
      return unreachable;
    }
  }
}

/** An ISO-8601 extended offset date-time, as AWS requires of a Wait's `Timestamp`. */
export const ISO_OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
