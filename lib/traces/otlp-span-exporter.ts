import { SpanKind, SpanStatusCode, TraceFlags, type HrTime } from "@opentelemetry/api";
import { ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter as OTLPJsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import type { TraceSpan } from "./execution-spans";
import { displayedOtlpEndpoint, type OtlpProtocol } from "./trace-export-config";

/** Where spans go: an OTLP/HTTP endpoint (`…/v1/traces`) and the headers it wants (an API key). */
export interface OtlpTarget {
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Protobuf (the default) or JSON. */
  readonly protocol?: OtlpProtocol;
}

/** Sends spans over OTLP/HTTP (protobuf or JSON); resolves when the receiver accepted them, rejects with its reason. */
export interface SpanSender {
  send(spans: readonly TraceSpan[]): Promise<void>;
  close(): Promise<void>;
}

const hrTimeOf = (iso: string): HrTime => {
  const ms = Date.parse(iso);
  return [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
};

const codes = { UNSET: SpanStatusCode.UNSET, OK: SpanStatusCode.OK, ERROR: SpanStatusCode.ERROR } as const;

/** The SDK's span shape for a span whose ids and times come from a history, not from a live tracer. */
function readableSpan(span: TraceSpan, resource: ReadableSpan["resource"]): ReadableSpan {
  const startTime = hrTimeOf(span.start);
  const endTime = hrTimeOf(span.end < span.start ? span.start : span.end);
  const durationMs = Math.max(0, Date.parse(span.end) - Date.parse(span.start));
  return {
    name: span.name,
    // The root span is the server side of StartExecution; states and attempts are internal work.
    kind: span.parentSpanId === null ? SpanKind.SERVER : SpanKind.INTERNAL,
    spanContext: () => ({ traceId: span.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED }),
    ...(span.parentSpanId === null
      ? {}
      : { parentSpanContext: { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: TraceFlags.SAMPLED } }),
    startTime,
    endTime,
    status:
      span.status.message === undefined
        ? { code: codes[span.status.code] }
        : { code: codes[span.status.code], message: span.status.message },
    attributes: { ...span.attributes },
    links: span.links.map((link) => ({
      context: { traceId: link.traceId, spanId: link.spanId, traceFlags: TraceFlags.SAMPLED },
      attributes: { "stepfunctions.link.relation": link.relation },
    })),
    events: span.events.map((event) => ({
      name: event.name,
      time: hrTimeOf(event.time),
      attributes: { ...event.attributes },
    })),
    duration: [Math.floor(durationMs / 1000), (durationMs % 1000) * 1_000_000],
    ended: true,
    resource,
    instrumentationScope: { name: "stepscope" },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/**
 * A sender through the official OpenTelemetry OTLP/HTTP exporter, protobuf or JSON (which retries
 * what OTLP says to retry: 429, 502, 503, 504, with backoff). Spans are built from stored
 * histories, so they are handed to the exporter whole, with their own ids and times.
 */
export function createOtlpSender(target: OtlpTarget, serviceName = "aws-step-functions"): SpanSender {
  const settings = { url: target.endpoint, headers: { ...target.headers }, timeoutMillis: 30_000 };
  const exporter =
    target.protocol === "http/json" ? new OTLPJsonTraceExporter(settings) : new OTLPTraceExporter(settings);
  const resource = resourceFromAttributes({ "service.name": serviceName, "telemetry.sdk.name": "stepscope" });
  return {
    send: (spans) =>
      new Promise((resolve, reject) => {
        if (spans.length === 0) return resolve();
        exporter.export(
          spans.map((span) => readableSpan(span, resource)),
          (result) =>
            result.code === ExportResultCode.SUCCESS
              ? resolve()
              : reject(
                  result.error ??
                    new Error(`the OTLP receiver at ${displayedOtlpEndpoint(target.endpoint)} refused the spans`),
                ),
        );
      }),
    close: () => exporter.shutdown(),
  };
}
