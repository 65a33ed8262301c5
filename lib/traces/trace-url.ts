import { executionTraceId, type TraceContextSource } from "./trace-ids";

/**
 * The tracing UI's page of a trace: `template` with `{traceId}` replaced by the 32 hex digits
 * (`https://jaeger.example/trace/{traceId}`, `https://ui.honeycomb.io/team/environments/prod/trace?trace_id={traceId}`).
 */
export function traceUrlOf(template: string, traceId: string): string {
  return template.replaceAll("{traceId}", traceId);
}

/** `STEPSCOPE_TRACE_URL_TEMPLATE`, or null when unset; a template that is not an http(s) URL with `{traceId}` is refused by name. */
export function traceUrlTemplateFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  const template = env["STEPSCOPE_TRACE_URL_TEMPLATE"]?.trim();
  if (!template) return null;
  let url: URL | null = null;
  try {
    url = new URL(template.replaceAll("{traceId}", "0"));
  } catch {
    url = null;
  }
  if (!template.includes("{traceId}") || url === null || !/^https?:$/.test(url.protocol))
    throw new Error(`STEPSCOPE_TRACE_URL_TEMPLATE: "${template}" is not an http(s) URL with {traceId} in it`);
  return template;
}

/**
 * The link from an execution's page to its trace, or null when no template is set: the trace
 * id is the exporter's own (`STEPSCOPE_TRACE_CONTEXT_PATH`'s `traceparent`, else the ARN's).
 */
export function executionTraceUrl(
  execution: TraceContextSource,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  let template: string | null;
  try {
    template = traceUrlTemplateFromEnv(env);
  } catch {
    // The server refuses to start with a wrong template (lib/server/serve); a page never fails for it.
    template = null;
  }
  if (template === null) return null;
  return traceUrlOf(template, executionTraceId(execution, env["STEPSCOPE_TRACE_CONTEXT_PATH"]?.trim() || undefined));
}
