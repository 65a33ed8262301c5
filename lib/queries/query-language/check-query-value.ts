import type { QueryFieldRef, QueryValue } from "./query-ast";
import { getQueryField, type Operator } from "./query-fields";
import { QuerySyntaxError } from "./query-syntax-error";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?$/i;

/**
 * The instant a date value names: a date (`"2026-11-01"`, midnight UTC), a date and time
 * (`"2026-11-01T10:00:00Z"`; without an offset, UTC), or `now±<duration>` from `now`.
 * Null when the string is not a date.
 */
export function dateOfValue(value: QueryValue, now: Date): Date | null {
  if (value.type === "relative") return new Date(now.getTime() + value.offsetMs);
  if (value.type !== "string") return null;
  const text = value.value;
  if (!DATE_ONLY.test(text) && !DATE_TIME.test(text)) return null;
  const utc = DATE_ONLY.test(text) || /(?:Z|[+-]\d{2}:\d{2})$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(utc);
  // Date.parse rolls 2026-02-30 over to March: a date must read back as written.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text.slice(0, 10)) return null;
  return new Date(ms);
}

/** True for a date without a time (`"2026-11-01"`): `=` then means that whole UTC day. */
export const isDateOnly = (value: QueryValue): boolean => value.type === "string" && DATE_ONLY.test(value.value);

/** Throws a {@link QuerySyntaxError} at the value when the field cannot be compared with it by `op`. */
export function checkValue(field: QueryFieldRef, op: Operator, value: QueryValue): void {
  const fail = (message: string): never => {
    throw new QuerySyntaxError(value.column, message);
  };
  if (field.type === "payload") {
    const ordering = op === ">" || op === ">=" || op === "<" || op === "<=";
    if (value.type === "duration" || value.type === "relative")
      fail(`${field.root}.<path> compares with JSON values ("text", numbers, true, false, null)`);
    if (op === "~" && value.type !== "string") fail(`~ takes a quoted text`);
    if (ordering && value.type !== "number" && value.type !== "string")
      fail(`${op} compares numbers or texts, not ${value.type}`);
    return;
  }
  const spec = getQueryField(field.name)!;
  switch (spec.kind) {
    case "enum": {
      const label = value.type === "string" ? value.value.toUpperCase() : null;
      if (label === null || !spec.values?.includes(label))
        fail(`${spec.name} is one of ${spec.values?.join(", ")} (quoted)`);
      return;
    }
    case "text":
    case "orderedText":
    case "textSet":
      if (value.type !== "string") fail(`${spec.name} takes a quoted text`);
      return;
    case "date":
      if (dateOfValue(value, new Date(0)) === null)
        fail(`${spec.name} takes a date ("2026-11-01", "2026-11-01T10:00:00Z") or now-<duration> (now-24h)`);
      if (value.type === "relative" && op === "=") fail(`= needs a date; compare with now using > or <`);
      return;
    case "duration":
      if (value.type !== "duration" && !(value.type === "number" && value.value >= 0))
        fail(`${spec.name} takes a duration (30s, 5m, 2h, 1d) or milliseconds`);
      return;
    case "integer":
      if (value.type !== "number" || !Number.isInteger(value.value)) fail(`${spec.name} takes a whole number`);
      return;
    default: {
      const never: never = spec.kind;
      throw new Error(`unknown field kind ${String(never)}`);
    }
  }
}
