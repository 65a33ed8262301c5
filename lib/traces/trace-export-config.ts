/** The name of the continuous export's row in `trace_export_state` (its cursor and status). */
export const CONTINUOUS_EXPORTER = "otlp";

/** The continuous export's settings, from the environment; null when `STEPSCOPE_OTLP_ENDPOINT` is not set. */
export function traceExportConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env) {
  const endpoint = env["STEPSCOPE_OTLP_ENDPOINT"]?.trim();
  if (!endpoint) return null;
  try {
    new URL(endpoint);
  } catch {
    throw new Error(`STEPSCOPE_OTLP_ENDPOINT: "${endpoint}" is not a URL`);
  }
  return {
    endpoint,
    headers: parseOtlpHeaders(env["STEPSCOPE_OTLP_HEADERS"]),
    includeLocal: env["STEPSCOPE_OTLP_INCLUDE_LOCAL"] === "true",
    includePayloads: env["STEPSCOPE_OTLP_PAYLOADS"] === "true",
    traceparentPath: env["STEPSCOPE_TRACE_CONTEXT_PATH"]?.trim() || "traceparent",
    protocol: otlpProtocolFromEnv(env),
  };
}

/** How spans are encoded on OTLP/HTTP. */
export type OtlpProtocol = "http/protobuf" | "http/json";

/**
 * The OTLP protocol: `STEPSCOPE_OTLP_PROTOCOL`, else OpenTelemetry's own
 * `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`
 * (OTLP's default). gRPC is refused by name: Stepscope sends OTLP over HTTP only.
 */
export function otlpProtocolFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): OtlpProtocol {
  for (const name of ["STEPSCOPE_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"]) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (value === "http/protobuf" || value === "http/json") return value;
    throw new Error(`${name}: "${value}" is not an OTLP protocol Stepscope sends (http/protobuf or http/json)`);
  }
  return "http/protobuf";
}

/** `STEPSCOPE_OTLP_HEADERS` (`key=value,key=value`, as OTEL_EXPORTER_OTLP_HEADERS) as a record; an entry without `=` is refused by name. */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of (text ?? "").split(",")) {
    if (entry.trim() === "") continue;
    const at = entry.indexOf("=");
    if (at <= 0) throw new Error(`STEPSCOPE_OTLP_HEADERS: "${entry.trim()}" is not key=value`);
    headers[decodeURIComponent(entry.slice(0, at).trim())] = decodeURIComponent(entry.slice(at + 1).trim());
  }
  return headers;
}

/**
 * The endpoint as the Sources page shows it: scheme, host and path only. A user name,
 * password or query string (where some vendors take an API key) is never shown.
 */
export function displayedOtlpEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.origin}${url.pathname}${url.search ? "?…" : ""}`;
  } catch {
    return "(not a URL)";
  }
}
