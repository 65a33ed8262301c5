import { eventDetailsKey } from "./event-details-key";

/** Detail fields AWS types as integers (`TaskScheduled.timeoutInSeconds`, `MapIterationStarted.index`, …). */
const INTEGER_FIELDS: ReadonlySet<string> = new Set([
  "timeoutInSeconds",
  "heartbeatInSeconds",
  "index",
  "length",
  "redriveCount",
]);

function restoreScalars(value: unknown, key: string): unknown {
  if (typeof value === "string") {
    if (key === "truncated" && (value === "true" || value === "false")) return value === "true";
    if (INTEGER_FIELDS.has(key) && /^\d+$/.test(value)) return Number(value);
    return value;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreScalars(v, k)]));
}

/**
 * Turns an Express log record's `details` into the `HistoryEvent` member AWS would send:
 * keyed by {@link eventDetailsKey} (`TaskStateEntered` → `stateEnteredEventDetails`),
 * `truncated` strings back to booleans, integer fields (`timeoutInSeconds`,
 * `heartbeatInSeconds`, `index`, `length`, `redriveCount`) back to numbers; payloads
 * (`input`, `output`, …) stay strings. Empty details on a type that has none give nothing.
 */
export function expressDetails(
  type: string,
  details: Readonly<Record<string, unknown>> | null | undefined,
): Record<string, unknown> {
  if (details === null || details === undefined) return {};
  const key =
    eventDetailsKey(type) ??
    (Object.keys(details).length > 0 ? `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails` : null);
  if (key === null) return {};
  return { [key]: restoreScalars(details, key) };
}
