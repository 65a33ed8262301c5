import type { Database } from "@/lib/db/database";
import { exportPendingTraces } from "./export-traces";
import { createOtlpSender } from "./otlp-span-exporter";
import { CONTINUOUS_EXPORTER, displayedOtlpEndpoint, traceExportConfigFromEnv } from "./trace-export-config";

/**
 * Exports ended executions to `STEPSCOPE_OTLP_ENDPOINT` as they are stored: a pass every
 * `everyMs` (15 s) from the `otlp` cursor; after a failed pass the next waits twice as long
 * (up to 5 minutes), and the failure shows on the exporter's row. Web and worker processes
 * may all run it: one pass at a time holds the exporter's lock. Returns a stop function, or
 * null when no endpoint is set.
 */
export function startTraceExporter(
  db: Database,
  options: { readonly everyMs?: number; readonly log?: (message: string) => void } = {},
): (() => Promise<void>) | null {
  const config = traceExportConfigFromEnv();
  if (config === null) return null;
  const sender = createOtlpSender({ endpoint: config.endpoint, headers: config.headers, protocol: config.protocol });
  const everyMs = options.everyMs ?? 15_000;
  let delay = everyMs;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async (): Promise<void> => {
    try {
      const outcome = await exportPendingTraces(db, CONTINUOUS_EXPORTER, { sender, ...config });
      if (outcome.executions > 0)
        options.log?.(`traces: ${outcome.executions} executions sent as ${outcome.spans} spans`);
      delay = everyMs;
    } catch (error) {
      delay = Math.min(delay * 2, 300_000);
      options.log?.(
        `traces: export to ${displayedOtlpEndpoint(config.endpoint)} failed, next try in ${Math.round(delay / 1000)} s: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, delay);
    timer.unref();
  };
  running = pass().finally(schedule);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running.catch(() => {});
    await sender.close();
  };
}
