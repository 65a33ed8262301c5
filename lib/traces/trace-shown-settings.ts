import { CONTINUOUS_EXPORTER, displayedOtlpEndpoint, traceExportConfigFromEnv } from "./trace-export-config";
import { traceUrlTemplateFromEnv } from "./trace-url";

const orNull = <T>(read: () => T): T | null => {
  try {
    return read();
  } catch {
    // A wrong setting stops the server's start (lib/server/serve); a page shows it as off.
    return null;
  }
};

/**
 * The trace settings the Sources page shows, from the environment: the continuous export's
 * endpoint (scheme, host and path: never its headers, credentials or query), whether it sends
 * local runs and payloads, and whether execution pages link to traces.
 */
export function traceShownSettings(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = orNull(() => traceExportConfigFromEnv(env));
  return {
    exporter: CONTINUOUS_EXPORTER,
    export:
      config === null
        ? null
        : {
            endpoint: displayedOtlpEndpoint(config.endpoint),
            includeLocal: config.includeLocal,
            includePayloads: config.includePayloads,
          },
    links: orNull(() => traceUrlTemplateFromEnv(env)) !== null,
  };
}
