import { existsSync } from "node:fs";
import path from "node:path";
import { startAnalyticsBackfill } from "@/lib/store/backfill-analytics";
import { getDbConfig } from "@/lib/db/config";
import { openDatabase } from "@/lib/db/database";
import { seedDemoOnFirstStart } from "@/lib/ingest/seed-demo";
import { applySourcesConfigFromEnv } from "@/lib/ingest/sources-config";
import { applyAlertsConfigFromEnv } from "@/lib/alerts/alerts-config";
import { startAlertSchedule } from "@/lib/alerts/start-alert-schedule";
import { issueSetupToken } from "@/lib/auth/setup-token";
import { getAuthConfig } from "@/lib/auth/auth-config";
import { startInProcessScheduler } from "@/lib/worker/start-in-process-scheduler";
import { startTraceExporter } from "@/lib/traces/start-trace-exporter";
import { traceUrlTemplateFromEnv } from "@/lib/traces/trace-url";
import { startBulkActionWorker } from "@/lib/actions/bulk/start-bulk-action-worker";
import { getServerConfig } from "./config";
import { runNextBuild } from "./run-next-build";
import { createStartProgress } from "./start-progress";
import { createHealthAnswer } from "./answer-health";
import { createAdmission } from "./admission";
import { startRenderer } from "./start-renderer";
import { createPrimaryServer } from "./primary-server";
import { getSfnEndpointConfig } from "@/lib/sfn-endpoint/sfn-endpoint-config";
import { startSfnEndpoint } from "@/lib/sfn-endpoint/sfn-endpoint-server";

/**
 * Starts Stepscope: builds the app if there is no build yet while it opens the database
 * (`DATABASE_URL`, or the embedded Postgres in the data folder, started and owned here),
 * applies migrations and seeds the demo source on a first start (with progress bars), starts
 * the in-process AWS sync scheduler, then serves Next.js through render worker processes
 * (`STEPSCOPE_RENDER_WORKERS`, see start-renderer.ts), answering `/api/health` itself (and the
 * Step Functions API on `STEPSCOPE_SFN_PORT` when set).
 */
export async function serve(): Promise<void> {
  const config = getServerConfig();
  // A wrong trace link template stops the start, not each execution page later.
  traceUrlTemplateFromEnv();
  // Read first: a bad endpoint setting stops the start before anything else happens.
  const sfnConfig = getSfnEndpointConfig();
  const dir = process.cwd();
  const progress = createStartProgress();
  // A first start builds the app while the database starts and the demo is seeded: the
  // build is a child process, and the two together take little more than the longer one.
  let building: Promise<void> = Promise.resolve();
  if (!existsSync(path.join(dir, config.distDir, "BUILD_ID"))) {
    progress.log("stepscope: no build found, building the app once (type-checking is left to CI)…");
    building = runNextBuild(dir, (phase) => progress.buildPhase(phase)).then(() => progress.buildDone());
    // Awaited below, after the database; this only keeps a failed build from being an unhandled rejection meanwhile.
    building.catch(() => {});
  }

  const db = await openDatabase(getDbConfig(), { log: (m) => progress.log(`[db] ${m}`) });
  // Route handlers in this process open their own pool on the same server through this URL.
  process.env["DATABASE_URL"] = db.url;
  // Sources declared by STEPSCOPE_SOURCES_FILE / STEPSCOPE_SOURCES: a bad config stops the start, naming the line or field.
  const sourcesLine = await applySourcesConfigFromEnv(db.pool);
  if (sourcesLine) progress.log(`stepscope: ${sourcesLine}`);
  // Alert rules declared by STEPSCOPE_ALERTS_FILE / STEPSCOPE_ALERTS: a bad file stops the start, naming the JSON Pointer.
  const alertsLine = await applyAlertsConfigFromEnv(db.pool);
  if (alertsLine) progress.log(`stepscope: ${alertsLine}`);
  // Executions stored before the analytics tables are counted in the background; the
  // analytics pages say so, with progress, until it is done.
  void startAnalyticsBackfill(db);
  if (config.seedDemo) {
    const seeded = await seedDemoOnFirstStart(db, new Date(), { onProgress: (n, total) => progress.seeded(n, total) });
    if (seeded) progress.log(`stepscope: demo source filled with ${seeded} executions (remove it on the Sources page)`);
  }
  try {
    await building;
  } catch (error) {
    // The embedded Postgres this process started must not outlive a start that cannot serve.
    await db.close();
    throw error;
  } finally {
    progress.stop();
  }

  // Default mode: this process also runs the AWS collectors on each source's poll interval.
  // And applies the retention policy every hour.
  const stopScheduler = startInProcessScheduler(db, { log: (m) => console.info(`stepscope: ${m}`) });
  // And evaluates the alert rules: every minute, and after imports and syncs (at most once a minute across processes).
  const stopAlerts = startAlertSchedule(db, (m) => console.info(`stepscope: ${m}`));
  // Bulk redrives/replays run here too (graphile-worker jobs); one left RUNNING by a killed server resumes now.
  const bulkWorker = await startBulkActionWorker(db);
  // With STEPSCOPE_OTLP_ENDPOINT, ended executions go out as OpenTelemetry traces as they are stored.
  const stopTraces = startTraceExporter(db, { log: (message) => console.info(`stepscope: ${message}`) });

  // This process accepts every connection and answers the health check itself; the pages and
  // API are rendered by worker processes (STEPSCOPE_RENDER_WORKERS), so a render that holds its
  // event loop (a huge page, a slow synchronous step) never delays the health check, the
  // collectors or the other workers' requests.
  const renderer = await startRenderer({
    dir,
    hostname: config.hostname,
    port: config.port,
    workers: config.renderWorkers,
    renderCache: config.renderCache,
    log: (m) => console.error(`stepscope: ${m}`),
  });
  const answerHealth = createHealthAnswer(db.url);
  const admit = createAdmission(config.maxConcurrentRequests);
  // Render workers listen on a socket only this process reaches: the client address header it sets is the only one they see.
  const server = createPrimaryServer({ answerHealth, admit, handle: (req, res) => renderer.handle(req, res) });
  await new Promise<void>((resolve) => server.listen(config.port, config.hostname, resolve));
  console.info(
    `stepscope: serving on http://${config.hostname}:${config.port}` +
      (config.renderWorkers > 0 ? ` (${config.renderWorkers} render worker(s))` : ""),
  );
  const auth = getAuthConfig();
  console.info(
    `stepscope: visitors who are not signed in ${auth.anonymousRole ? "may read (STEPSCOPE_ANONYMOUS_ROLE=viewer)" : "see the sign-in page only"}` +
      (auth.proxyHeader ? `; the ${auth.proxyHeader} header of the reverse proxy names signed-in users` : ""),
  );
  const sfnEndpoint =
    sfnConfig === null
      ? null
      : await startSfnEndpoint({
          db,
          port: sfnConfig.port,
          host: sfnConfig.host,
          allowRemote: sfnConfig.allowRemote,
          scope: { region: sfnConfig.region, accountId: sfnConfig.accountId },
          timeScale: sfnConfig.timeScale,
          runners: {
            maxRunning: sfnConfig.maxRunning,
            spares: sfnConfig.spareRunners,
            perRunner: sfnConfig.executionsPerRunner,
          },
          ...(sfnConfig.mockConfigFile === undefined ? {} : { mockConfigFile: sfnConfig.mockConfigFile }),
          ...(sfnConfig.taskHandlersFile === undefined ? {} : { taskHandlersFile: sfnConfig.taskHandlersFile }),
          log: (m) => console.error(m),
        });
  if (sfnEndpoint !== null) {
    console.info(
      `stepscope: Step Functions API (for the AWS SDK and CLI) on ${sfnEndpoint.url}` +
        (sfnEndpoint.interrupted > 0
          ? `; ${sfnEndpoint.interrupted} execution(s) left running by the last stop failed (RedriveExecution continues them)`
          : ""),
    );
  }
  const setupToken = await issueSetupToken(db);
  if (setupToken) {
    // Printed, never stored (the database keeps its hash); it works once, and only until an admin exists.
    console.info(
      `stepscope: no admin yet. Create one at http://${config.hostname}:${config.port}/setup?token=${setupToken}\n` +
        "           or from a shell: npx stepscope users add admin --role admin",
    );
  }

  const shutdown = (signal: string) => {
    console.info(`stepscope: ${signal}, stopping`);
    stopScheduler();
    stopAlerts();
    void bulkWorker.stop();
    void stopTraces?.();
    server.close();
    server.closeIdleConnections();
    // The workers finish the requests they have (up to a grace period) before the database closes.
    void renderer
      .stop()
      .then(() => sfnEndpoint?.close())
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}
