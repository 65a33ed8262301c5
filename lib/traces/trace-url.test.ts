import { describe, expect, it } from "vitest";
import { executionSpans } from "./execution-spans";
import { displayedOtlpEndpoint, otlpProtocolFromEnv } from "./trace-export-config";
import { traceIdOf } from "./trace-ids";
import { traceShownSettings } from "./trace-shown-settings";
import { executionTraceUrl, traceUrlTemplateFromEnv } from "./trace-url";
import type { TracedExecution } from "@/lib/queries/list-traced-executions";

const arn = "arn:aws:states:us-east-1:123456789012:execution:Orders:o-1";
const env = { STEPSCOPE_TRACE_URL_TEMPLATE: "https://jaeger.example/trace/{traceId}" };
const execution = (input: string | null, traceHeader: string | null = null): TracedExecution => ({
  executionArn: arn,
  name: "o-1",
  stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
  stateMachineName: "Orders",
  type: "STANDARD",
  status: "SUCCEEDED",
  startDate: "2026-11-02T09:00:00.000Z",
  stopDate: "2026-11-02T09:00:01.000Z",
  accountId: "123456789012",
  region: "us-east-1",
  sourceName: "aws",
  redriveCount: 0,
  input,
  traceHeader,
  output: null,
  error: null,
  cause: null,
  parentExecutionArn: null,
  mapRunArn: null,
  replayOfExecutionArn: null,
  events: [],
});

describe("the execution page's trace link", () => {
  it("opens the trace the exporter sends the execution in: the ARN's, or the input's traceparent", () => {
    const plain = execution("{}");
    expect(executionTraceUrl(plain, env)).toBe(`https://jaeger.example/trace/${traceIdOf(arn)}`);
    expect(executionTraceUrl(plain, env)).toBe(`https://jaeger.example/trace/${executionSpans(plain)[0]!.traceId}`);
    const joined = execution(
      JSON.stringify({ meta: { tp: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } }),
    );
    const withPath = { ...env, STEPSCOPE_TRACE_CONTEXT_PATH: "meta.tp" };
    expect(executionTraceUrl(joined, withPath)).toBe("https://jaeger.example/trace/0af7651916cd43dd8448eb211c80319c");
    expect(executionSpans(joined, { traceparentPath: "meta.tp" })[0]!.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("joins the X-Ray trace the execution was started in (its trace header, or one in the input), the input's traceparent first", () => {
    const header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    const xray = execution("{}", header);
    expect(executionTraceUrl(xray, env)).toBe("https://jaeger.example/trace/5759e988bd862e3fe1be46a994272793");
    const [root] = executionSpans(xray);
    expect(root!.traceId).toBe("5759e988bd862e3fe1be46a994272793");
    expect(root!.parentSpanId).toBe("53995c3f42cd8ad8");
    // An X-Ray header where a traceparent is looked for in the input joins that trace too.
    const inInput = execution(JSON.stringify({ traceparent: header.toLowerCase() }));
    expect(executionSpans(inInput)[0]!.traceId).toBe("5759e988bd862e3fe1be46a994272793");
    // The input's traceparent wins over the header.
    const both = execution(
      JSON.stringify({ traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }),
      header,
    );
    expect(executionSpans(both)[0]!.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    // A header without Parent, or with a malformed or all-zero Root, joins nothing: the ARN's trace.
    for (const bad of [
      "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
      "Root=1-5759e988-bd862e3f;Parent=53995c3f42cd8ad8",
      "Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8",
      "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",
    ]) {
      const [span] = executionSpans(execution("{}", bad));
      expect(span!.traceId, bad).toBe(traceIdOf(arn));
      expect(span!.parentSpanId, bad).toBeNull();
    }
  });

  it("is absent without a template, and a template without {traceId} or not http(s) is refused by name", () => {
    expect(executionTraceUrl(execution(null), {})).toBeNull();
    expect(() => traceUrlTemplateFromEnv({ STEPSCOPE_TRACE_URL_TEMPLATE: "https://jaeger.example/search" })).toThrow(
      /STEPSCOPE_TRACE_URL_TEMPLATE: .* with \{traceId\}/,
    );
    expect(() => traceUrlTemplateFromEnv({ STEPSCOPE_TRACE_URL_TEMPLATE: "javascript:alert({traceId})" })).toThrow(
      /not an http\(s\) URL/,
    );
    // A page never fails for it (the server refuses to start instead): no link.
    expect(executionTraceUrl(execution(null), { STEPSCOPE_TRACE_URL_TEMPLATE: "ftp://x/{traceId}" })).toBeNull();
  });
});

describe("the OTLP protocol", () => {
  it("is protobuf by default, Stepscope's setting first, then OpenTelemetry's own variables; gRPC refused by name", () => {
    expect(otlpProtocolFromEnv({})).toBe("http/protobuf");
    expect(otlpProtocolFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" })).toBe("http/json");
    expect(
      otlpProtocolFromEnv({
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      }),
    ).toBe("http/protobuf");
    expect(otlpProtocolFromEnv({ STEPSCOPE_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toBe(
      "http/json",
    );
    expect(() => otlpProtocolFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(
      'OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not an OTLP protocol Stepscope sends (http/protobuf or http/json)',
    );
  });
});

describe("the trace settings the Sources page shows", () => {
  it("shows the endpoint without its credentials, query or headers", () => {
    expect(displayedOtlpEndpoint("https://user:pw@otlp.example:4318/v1/traces?api-key=s3cret")).toBe(
      "https://otlp.example:4318/v1/traces?…",
    );
    const shown = traceShownSettings({
      STEPSCOPE_OTLP_ENDPOINT: "https://otlp.example/v1/traces",
      STEPSCOPE_OTLP_HEADERS: "x-honeycomb-team=s3cret",
      STEPSCOPE_OTLP_INCLUDE_LOCAL: "true",
    });
    expect(shown).toEqual({
      exporter: "otlp",
      export: { endpoint: "https://otlp.example/v1/traces", includeLocal: true, includePayloads: false },
      links: false,
    });
    expect(JSON.stringify(shown)).not.toContain("s3cret");
    expect(traceShownSettings({ ...env }).export).toBeNull();
    expect(traceShownSettings({ ...env }).links).toBe(true);
  });
});
