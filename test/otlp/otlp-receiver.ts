import { createServer, type Server } from "node:http";
import protobuf from "protobufjs";

// The OTLP trace messages (opentelemetry-proto: collector/trace/v1, trace/v1, common/v1, resource/v1),
// field numbers as the specification gives them, to decode what an exporter sends.
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
  uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const requestType = protobuf.parse(OTLP_TRACE_PROTO).root.lookupType("otlp.ExportTraceServiceRequest");

/** A span as received, decoded: hex ids, times in ms since the epoch, attributes as plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Record<string, string | number | boolean>;
  readonly events: { name: string; timeMs: number; attributes: Record<string, string | number | boolean> }[];
  readonly links: { traceId: string; spanId: string }[];
  /** 0 unset, 1 ok, 2 error. */
  readonly status: { code: number; message: string };
  readonly resource: Record<string, string | number | boolean>;
}

type Decoded = Record<string, unknown>;
// Protobuf carries ids as bytes; OTLP/JSON as hex strings.
const hexOf = (value: unknown): string =>
  value instanceof Uint8Array ? Buffer.from(value).toString("hex") : typeof value === "string" ? value : "";
const msOf = (value: unknown): number => Number(BigInt(String(value ?? 0)) / 1_000_000n);
const attributesOf = (list: unknown): Record<string, string | number | boolean> => {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of (list as Decoded[] | undefined) ?? []) {
    const v = (kv["value"] ?? {}) as Decoded;
    out[String(kv["key"])] = (v["stringValue"] ??
      v["boolValue"] ??
      (v["intValue"] === undefined ? undefined : Number(v["intValue"])) ??
      v["doubleValue"]) as string | number | boolean;
  }
  return out;
};

/** A local OTLP/HTTP receiver: decodes each request (protobuf, or JSON by its content type); answers `failWith` statuses first, then 200. */
export async function startOtlpReceiver(options: { failWith?: number[] } = {}) {
  const spans: ReceivedSpan[] = [];
  const failures = [...(options.failWith ?? [])];
  let requests = 0;
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      const json = (req.headers["content-type"] ?? "").startsWith("application/json");
      contentTypes.push(req.headers["content-type"] ?? "");
      const status = failures.shift();
      if (status !== undefined) {
        res.writeHead(status, { "content-type": "text/plain" }).end("receiver says no");
        return;
      }
      const message = json
        ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Decoded)
        : requestType.toObject(requestType.decode(Buffer.concat(chunks)), { longs: String, defaults: false });
      for (const rs of (message["resourceSpans"] as Decoded[] | undefined) ?? []) {
        const resource = attributesOf(((rs["resource"] ?? {}) as Decoded)["attributes"]);
        for (const ss of (rs["scopeSpans"] as Decoded[] | undefined) ?? []) {
          for (const s of (ss["spans"] as Decoded[] | undefined) ?? []) {
            const status = (s["status"] ?? {}) as Decoded;
            spans.push({
              traceId: hexOf(s["traceId"]),
              spanId: hexOf(s["spanId"]),
              parentSpanId: hexOf(s["parentSpanId"]),
              name: String(s["name"]),
              kind: Number(s["kind"] ?? 0),
              startMs: msOf(s["startTimeUnixNano"]),
              endMs: msOf(s["endTimeUnixNano"]),
              attributes: attributesOf(s["attributes"]),
              events: ((s["events"] as Decoded[] | undefined) ?? []).map((e) => ({
                name: String(e["name"]),
                timeMs: msOf(e["timeUnixNano"]),
                attributes: attributesOf(e["attributes"]),
              })),
              links: ((s["links"] as Decoded[] | undefined) ?? []).map((l) => ({
                traceId: hexOf(l["traceId"]),
                spanId: hexOf(l["spanId"]),
              })),
              status: { code: Number(status["code"] ?? 0), message: String(status["message"] ?? "") },
              resource,
            });
          }
        }
      }
      if (json) res.writeHead(200, { "content-type": "application/json" }).end("{}");
      else res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    requests: () => requests,
    /** The content type of each request, in order. */
    contentTypes: () => contentTypes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
