import { createHash } from "node:crypto";

/** What identifies a failure for grouping, as an error tracker groups exceptions. */
export interface FailureSignatureInput {
  /** The state machine's ARN (or any stable key of it). */
  readonly stateMachine: string;
  /** The root-cause state's name; null when the failure was at the execution level. */
  readonly rootCauseState: string | null;
  readonly error: string | null;
  readonly cause: string | null;
}

/**
 * The version of {@link normalizeCause}'s rules. Raise it with any change that gives an
 * existing cause another signature: the server then re-signs the stored failures once
 * (`resignFailures`), so one failure is never split between its old and new group.
 * 2: hex runs from 4 characters (were 8).
 */
export const FAILURE_SIGNATURE_VERSION = 2;

export interface FailureSignature {
  /** 32 lowercase hex digits (sha256 prefix) of the normalized parts. */
  readonly signature: string;
  readonly normalizedCause: string;
}

// Order matters: ARNs and UUIDs contain numbers and hex runs that later rules would half-strip.
const RULES: readonly (readonly [RegExp, string])[] = [
  [/\barn:aws[\w-]*:[^\s"',;)}\]]+/g, "<arn>"],
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "<email>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>"],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, "<time>"],
  // Hex runs with a digit and a letter, from 4 long: request ids, and key prefixes such as S3's `uploads/4e7b/…`.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{4,}\b/gi, "<id>"],
  [/\b[A-Za-z]+[-_][A-Za-z0-9]*\d[A-Za-z0-9-_]*\b/g, "<id>"],
  [/\d+(\.\d+)?/g, "<n>"],
];

/**
 * `cause` with what differs between occurrences of one failure stripped: ARNs, emails,
 * UUIDs, timestamps, hex and prefixed ids (`req-123abc`, `o_42`), numbers; whitespace collapsed;
 * at most 500 characters.
 */
export function normalizeCause(cause: string | null): string {
  if (cause === null) return "";
  let text = cause;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return text.replace(/\s+/g, " ").trim().slice(0, 500);
}

/** The failure signature: state machine + root-cause state + error + normalized cause. */
export function getFailureSignature(input: FailureSignatureInput): FailureSignature {
  const normalizedCause = normalizeCause(input.cause);
  const signature = createHash("sha256")
    .update([input.stateMachine, input.rootCauseState ?? "", input.error ?? "", normalizedCause].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
  return { signature, normalizedCause };
}

/** Statuses that are failures for grouping (an abort is an operator's choice, not a fault). */
export const FAILURE_STATUSES: ReadonlySet<string> = new Set(["FAILED", "TIMED_OUT"]);
