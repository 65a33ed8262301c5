import { deriveExecutionAttempts, executionAttemptOf } from "@/lib/history/derive-execution-attempts";
import type { HistoryEvent } from "@/lib/history/types";
import type { TraceSpan } from "./execution-spans";
import { spanIdOf } from "./trace-ids";

/** An execution's attempt spans; the span a top-level state run entered at `enteredEventId` goes under, and when its attempt ended. */
export interface ExecutionAttemptSpans {
  readonly spans: TraceSpan[];
  readonly parentOf: (enteredEventId: number) => string;
  /** A run the attempt's end cut short (an abort, a time-out) ends with it. */
  readonly endOf: (enteredEventId: number) => string;
}

/**
 * A redriven execution's attempts as spans under its root span, one trace for the whole
 * execution: `First run`, then `Redrive 1`, `Redrive 2`, … (`stepfunctions.execution.attempt`,
 * 0 for the first run), each redrive with a span link (OpenTelemetry's way to relate causally
 * linked spans) to the attempt it redrives, `stepfunctions.link.relation` `redrive_of`. The
 * top-level state runs of an attempt go under its span. An execution never redriven has no
 * attempt spans: its state runs stay under the root.
 */
export function executionAttemptSpans(
  arn: string,
  events: readonly HistoryEvent[],
  trace: { readonly traceId: string; readonly rootId: string; readonly executionEnd: string },
): ExecutionAttemptSpans {
  const attempts = deriveExecutionAttempts(events);
  if (attempts.length < 2) return { spans: [], parentOf: () => trace.rootId, endOf: () => trace.executionEnd };
  const idOf = (index: number) => spanIdOf(arn, `execution-attempt:${index}`);
  const endAt = (i: number) => attempts[i]?.endedAt ?? attempts[i + 1]?.startedAt ?? trace.executionEnd;
  const spans = attempts.map((attempt, i): TraceSpan => {
    const previous = attempts[i - 1];
    const failed = attempt.status === "FAILED" || attempt.status === "TIMED_OUT" || attempt.status === "ABORTED";
    return {
      traceId: trace.traceId,
      spanId: idOf(attempt.index),
      parentSpanId: trace.rootId,
      name: attempt.index === 0 ? "First run" : `Redrive ${attempt.index}`,
      start: attempt.startedAt,
      end: endAt(i),
      status: failed
        ? { code: "ERROR", message: [attempt.error, attempt.cause].filter(Boolean).join(": ") || attempt.status }
        : { code: attempt.status === "SUCCEEDED" ? "OK" : "UNSET" },
      attributes: {
        "stepfunctions.execution.attempt": attempt.index,
        "stepfunctions.execution.attempt.status": attempt.status,
        ...(failed && attempt.error ? { "error.type": attempt.error } : {}),
      },
      events: [],
      links:
        previous === undefined
          ? []
          : [{ traceId: trace.traceId, spanId: idOf(previous.index), relation: "redrive_of" }],
    };
  });
  const at = (eventId: number) => {
    const index = executionAttemptOf(attempts, eventId);
    return Math.max(
      0,
      attempts.findIndex((a) => a.index === index),
    );
  };
  return {
    spans,
    parentOf: (eventId) => idOf(attempts[at(eventId)]!.index),
    endOf: (eventId) => endAt(at(eventId)),
  };
}
