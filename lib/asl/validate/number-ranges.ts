import { isJsonataExpression } from "../jsonata-eval";
import type { Json } from "../types";

/** A numeric field's type and the bounds AWS checks at CreateStateMachine (absent: none known). */
export interface NumberRange {
  readonly integer: boolean;
  readonly min?: number;
  readonly max?: number;
}

// Bounds as AWS enforces them at creation (ValidateStateMachineDefinition, measured by others and
// cited in the closing note): timeouts 1–99,999,999; Wait Seconds 0–99,999,999; MaxAttempts
// 0–99,999,999; MaxDelaySeconds 1–31,622,400; BackoffRate ≥ 1.0; Map counts ≥ 0;
// ToleratedFailurePercentage 0.0–100.0. Retry IntervalSeconds 0 and the machine's TimeoutSeconds 0
// are accepted by AWS, so their minimum is 0.
export const RANGES = {
  TimeoutSeconds: { integer: true, min: 1, max: 99_999_999 },
  HeartbeatSeconds: { integer: true, min: 1, max: 99_999_999 },
  Seconds: { integer: true, min: 0, max: 99_999_999 },
  MaxConcurrency: { integer: true, min: 0 },
  ToleratedFailureCount: { integer: true, min: 0 },
  ToleratedFailurePercentage: { integer: false, min: 0, max: 100 },
  BackoffRate: { integer: false, min: 1 },
  MaxAttempts: { integer: true, min: 0, max: 99_999_999 },
  IntervalSeconds: { integer: true, min: 0, max: 99_999_999 },
  MaxDelaySeconds: { integer: true, min: 1, max: 31_622_400 },
  MachineTimeoutSeconds: { integer: true, min: 0 },
} as const satisfies Record<string, NumberRange>;

/** The numeric fields checked per state type (Retry's are checked with Retry). */
export const NUMERIC_FIELDS: Readonly<Record<string, readonly (keyof typeof RANGES)[]>> = {
  Task: ["TimeoutSeconds", "HeartbeatSeconds"],
  Wait: ["Seconds"],
  Map: ["MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage"],
};

/** A bound as AWS prints it: integers bare, the bounds of number fields with one decimal (`1.0`). */
const bound = (value: number, integer: boolean): string =>
  integer || !Number.isInteger(value) ? String(value) : value.toFixed(1);

/**
 * AWS's message for a numeric field's value, or null when AWS accepts it. A `{% … %}` string
 * stands for a number where `jsonata` says the field may hold one (checked when it runs).
 */
export function numberFault(value: Json | undefined, range: NumberRange, jsonata: boolean): string | null {
  if (value === undefined || (jsonata && isJsonataExpression(value))) return null;
  if (typeof value !== "number" || (range.integer && !Number.isInteger(value)))
    return `Expected value of type ${range.integer ? "Integer" : "Number"}`;
  if (range.min !== undefined && value < range.min) return `Minimum value is ${bound(range.min, range.integer)}`;
  if (range.max !== undefined && value > range.max) return `Maximum value is ${bound(range.max, range.integer)}`;
  return null;
}

/** Checks one numeric field and reports AWS's message at its path. */
export function checkNumber(
  value: Json | undefined,
  rel: readonly (string | number)[],
  range: NumberRange,
  jsonata: boolean,
  add: (rel: readonly (string | number)[], message: string) => void,
): void {
  const fault = numberFault(value, range, jsonata);
  if (fault !== null) add(rel, fault);
}
