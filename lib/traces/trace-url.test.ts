import { describe, expect, it } from "vitest";
import { executionSpans } from "./execution-spans";
import { displayedOtlpEndpoint } from "./trace-export-config";
import { traceIdOf } from "./trace-ids";
import { traceShownSettings } from "./trace-shown-settings";
import { executionTraceUrl, traceUrlTemplateFromEnv } from "./trace-url";
import type { TracedExecution } from "@/lib/queries/list-traced-executions";

const arn = "arn:aws:states:us-east-1:123456789012:execution:Orders:o-1";
const env = { STEPSCOPE_TRACE_URL_TEMPLATE: "https://jaeger.example/trace/{traceId}" };
const execution = (input: string | null): TracedExecution => ({
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
