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
  return utf8ByteLength(text, PAYLOAD_LIMIT_BYTES) > PAYLOAD_LIMIT_BYTES;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The length of `text` in UTF-8 as `TextEncoder` writes it (a lone surrogate as U+FFFD, 3 bytes),
 * counted without encoding it (a Map's output near the limit was a 256 KiB copy per state);
 * past `stopAbove` it may stop counting (the result is then some count above it).
 */
export function utf8ByteLength(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  // ASCII only (most JSON): one byte a unit, found by the regular expression engine's native scan.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
