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

/** A trace's ids: the trace, and the remote span the execution's root span is a child of. */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
}

const validIds = (traceId: string, spanId: string): TraceContext | null =>
  // All-zero ids are invalid in W3C Trace Context (and in X-Ray's).
  /^0+$/.test(traceId) || /^0+$/.test(spanId) ? null : { traceId, spanId };

/** A W3C `traceparent` (`00-<trace>-<span>-<flags>`), or null. */
function parseTraceparent(value: string): TraceContext | null {
  const match = TRACEPARENT.exec(value.trim().toLowerCase());
  return match === null ? null : validIds(match[1]!, match[2]!);
}

/**
 * An AWS X-Ray trace header (`Root=1-<8 hex epoch>-<24 hex>;Parent=<16 hex>;Sampled=1`, the
 * value of `X-Amzn-Trace-Id` and of StartExecution's `traceHeader`), or null. X-Ray's trace id
 * is the W3C one with its version and dashes taken out, as the AWS X-Ray propagator maps them;
 * a header without `Parent` has no span to join under.
 */
export function parseXRayTraceHeader(value: string): TraceContext | null {
  const fields = new Map<string, string>();
  for (const part of value.split(";")) {
    const at = part.indexOf("=");
    if (at > 0)
      fields.set(
        part.slice(0, at).trim().toLowerCase(),
        part
          .slice(at + 1)
          .trim()
          .toLowerCase(),
      );
  }
  const root = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/.exec(fields.get("root") ?? "");
  const parent = fields.get("parent") ?? "";
  if (root === null || !/^[0-9a-f]{16}$/.test(parent)) return null;
  return validIds(root[1]! + root[2]!, parent);
}

/** The trace context at `path` in the input (`traceparent` by default): a W3C `traceparent` or an X-Ray header; null when absent or malformed. */
export function traceContextOf(input: string | null, path = "traceparent"): TraceContext | null {
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
  if (typeof value !== "string") return null;
  return parseTraceparent(value) ?? parseXRayTraceHeader(value);
}

/** What an execution's trace context is read from: its input, and the X-Ray header it was started with. */
export interface TraceContextSource {
  readonly executionArn: string;
  readonly input: string | null;
  readonly traceHeader: string | null;
}

/**
 * The trace an execution's spans join: the `traceparent` its input carries (at
 * `traceparentPath`), else the X-Ray trace header StartExecution was given (AWS passes it on
 * when a traced caller starts the execution); null when neither is there.
 */
export function executionTraceContext(execution: TraceContextSource, traceparentPath?: string): TraceContext | null {
  return (
    traceContextOf(execution.input, traceparentPath) ??
    (execution.traceHeader === null ? null : parseXRayTraceHeader(execution.traceHeader))
  );
}

/**
 * The trace an execution's spans are exported in: the one its trace context names (see
 * {@link executionTraceContext}), else the one derived from its ARN. The exporter and the
 * execution page's trace link both call this, so the link opens the trace that was sent.
 */
export function executionTraceId(execution: TraceContextSource, traceparentPath?: string): string {
  return executionTraceContext(execution, traceparentPath)?.traceId ?? traceIdOf(execution.executionArn);
}
