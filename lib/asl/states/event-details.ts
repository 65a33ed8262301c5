/** Shared `{"truncated": false}` of every `*Details` member: one object, not one per event. */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });

/** A state's `Error` when its Fail state names none. */
export const FAIL_NO_ERROR = "States.Fail";

/** The `error`/`cause` details of a `*Failed` event; a Fail state's missing `Error` is left out. */
export function errorDetails(error: string, cause: string | undefined): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (cause !== undefined) details["cause"] = cause;
  if (error !== FAIL_NO_ERROR) details["error"] = error;
  return details;
}

/** AWS's payload limit: 256 KiB of UTF-8 (`States.DataLimitExceeded` beyond it). */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

/** Whether a payload's JSON text is over {@link PAYLOAD_LIMIT_BYTES}. */
export function exceedsPayloadLimit(text: string): boolean {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (text.length * 3 <= PAYLOAD_LIMIT_BYTES) return false;
  return new TextEncoder().encode(text).length > PAYLOAD_LIMIT_BYTES;
}
