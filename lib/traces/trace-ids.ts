import { createHash } from "node:crypto";

const hex = (text: string, bytes: number): string =>
  createHash("sha256")
    .update(text)
    .digest("hex")
    .slice(0, bytes * 2);

/** The trace id of an execution that carries no trace context: derived from its ARN, so a re-export is the same trace. */
export const traceIdOf = (executionArn: string): string => hex(`stepscope-trace:${executionArn}`, 16);
/** A span's id: derived from the execution and the span's place in it. */
export const spanIdOf = (executionArn: string, key: string): string => hex(`stepscope-span:${executionArn}:${key}`, 8);

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The W3C trace context at `path` in the input (`traceparent` by default), or null when absent or malformed. */
export function traceContextOf(input: string | null, path = "traceparent"): { traceId: string; spanId: string } | null {
  if (input === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    return null;
  }
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  const match = typeof value === "string" ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  // All-zero ids are invalid in W3C Trace Context.
  if (match === null || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return null;
  return { traceId: match[1]!, spanId: match[2]! };
}

/**
 * The trace an execution's spans are exported in: the one its input's `traceparent` (at
 * `traceparentPath`) names, else the one derived from its ARN. The exporter and the execution
 * page's trace link both call this, so the link opens the trace that was sent.
 */
export function executionTraceId(
  execution: { readonly executionArn: string; readonly input: string | null },
  traceparentPath?: string,
): string {
  return traceContextOf(execution.input, traceparentPath)?.traceId ?? traceIdOf(execution.executionArn);
}
