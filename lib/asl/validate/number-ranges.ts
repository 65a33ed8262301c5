import { isJsonataExpression } from "../jsonata-eval";
import type { Json } from "../types";

/** A numeric field's allowed values (AWS's documented ranges). */
export interface NumberRange {
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
}

/** AWS's ranges by field name. */
// AWS: timeouts and intervals are positive integers up to 99,999,999; MaxDelaySeconds is below
// 31,622,401; BackoffRate ≥ 1.0; MaxAttempts 0–99,999,999; MaxConcurrency ≥ 0 (0 = no limit);
// ToleratedFailurePercentage 0–100; ToleratedFailureCount ≥ 0; Wait Seconds ≥ 0.
export const RANGES: Readonly<Record<string, NumberRange>> = {
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
export const NUMERIC_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Task: ["TimeoutSeconds", "HeartbeatSeconds"],
  Wait: ["Seconds"],
  Map: ["MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage"],
};

/** A number field within its range; in JSONata a `{% … %}` expression is checked when it runs. */
export function checkNumber(
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
