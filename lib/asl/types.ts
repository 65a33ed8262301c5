/** A JSON value as ASL payloads carry it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** `QueryLanguage`: `JSONPath` (the default) or `JSONata`, at the top level or per state. */
export type QueryLanguage = "JSONPath" | "JSONata";

/** One state of a definition as written (fields are checked by `validateDefinition`, read loosely here). */
export type StateDefinition = JsonObject & { readonly Type?: Json };

/** A state machine (or Parallel branch / Map processor): `StartAt`, `States`, optional `QueryLanguage`. */
export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: StateDefinition };
  readonly QueryLanguage?: QueryLanguage;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

/**
 * One history event as AWS `GetExecutionHistory` returns it: `id`, `previousEventId`,
 * `timestamp` (ISO-8601), `type` and one `*EventDetails` member whose payloads are JSON strings.
 * Structurally the same as `lib/history`'s `HistoryEvent`.
 */
export interface AslHistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly [detailsKey: `${string}EventDetails`]: { readonly [field: string]: unknown } | undefined;
}

/**
 * Sets a member of a JSON object being built, as its own property whatever the key: `obj[key] = v`
 * with the key `__proto__` would set the object's prototype (or, for a non-object, do nothing)
 * instead of adding the member, and AWS treats `__proto__` as any other key.
 */
export function setMember(obj: Record<string, Json>, key: string, value: Json): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Narrows a JSON value to an object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
