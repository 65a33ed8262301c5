import { startBulkActionWorker } from "@/lib/actions/bulk/start-bulk-action-worker";
import { getDbConfig } from "@/lib/db/config";
import { openDatabase } from "@/lib/db/database";
import { applySourcesConfigFromEnv } from "@/lib/ingest/sources-config";
import { startTraceExporter } from "@/lib/traces/start-trace-exporter";
import { applyAlertsConfigFromEnv } from "@/lib/alerts/alerts-config";
import { startAlertSchedule } from "@/lib/alerts/start-alert-schedule";
import { startSyncWorker } from "./start-sync-worker";
import { getWorkerConfig } from "./worker-config";

/** `npm run worker`: one AWS collection worker until SIGINT/SIGTERM. Run as many as you like. */
export async function main(): Promise<number> {
  const db = await openDatabase(getDbConfig(), { max: 24, log: (message) => process.stderr.write(`${message}\n`) });
  // An idle connection dropped by the server must not end the worker; the pool reconnects.
  db.pool.on("error", (error) =>
    process.stderr.write(`stepscope worker: database connection lost: ${error.message}\n`),
  );
  const sourcesLine = await applySourcesConfigFromEnv(db.pool);
  if (sourcesLine) process.stderr.write(`stepscope worker: ${sourcesLine}\n`);
  const alertsLine = await applyAlertsConfigFromEnv(db.pool);
  if (alertsLine) process.stderr.write(`stepscope worker: ${alertsLine}\n`);
  const { concurrency, staleJobSeconds } = getWorkerConfig();
  const runner = await startSyncWorker(db, {
    concurrency,
    staleJobMs: staleJobSeconds * 1000,
    log: (message) => process.stderr.write(`stepscope worker: ${message}\n`),
  });
  // Bulk redrives/replays too: any worker (or the web process) takes a bulk action's job.
  const bulk = await startBulkActionWorker(db);
  // Traces too, when STEPSCOPE_OTLP_ENDPOINT is set (one pass at a time across every process).
  const stopTraces = startTraceExporter(db, {
    log: (message) => process.stderr.write(`stepscope worker: ${message}\n`),
  });
  // Alert rules: every minute and after each execution job (at most once a minute across processes).
  const stopAlerts = startAlertSchedule(db, (message) => process.stderr.write(`stepscope worker: ${message}\n`));
  process.stderr.write(`stepscope worker: running (${concurrency} jobs at once)\n`);
  const stop = (): void => {
    stopAlerts();
    void runner.stop();
    void bulk.stop();
    void stopTraces?.();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await Promise.all([runner.promise, bulk.promise]);
  await db.close();
  return 0;
}
