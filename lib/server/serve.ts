import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import next from "next";
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
import { startBulkActionWorker } from "@/lib/actions/bulk/start-bulk-action-worker";
import { getServerConfig } from "./config";
import { clientAddressHeader } from "@/lib/auth/client-address";

/**
 * Starts Stepscope: builds the app if there is no build yet, opens the database
 * (`DATABASE_URL`, or the embedded Postgres in the data folder, started and owned here),
 * applies migrations, seeds the demo source on a first start, starts the in-process AWS
 * sync scheduler, then serves Next.js.
 */
export async function serve(): Promise<void> {
  const config = getServerConfig();
  const dir = process.cwd();
  if (!existsSync(path.join(dir, config.distDir, "BUILD_ID"))) {
    console.info("stepscope: no build found, running `next build` once (a few minutes)…");
    const built = spawnSync(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "build"], {
      stdio: "inherit",
      cwd: dir,
    });
    if (built.status !== 0) throw new Error("next build failed");
  }

  const db = await openDatabase(getDbConfig(), { log: (m) => console.info(`[db] ${m}`) });
  // Route handlers in this process open their own pool on the same server through this URL.
  process.env["DATABASE_URL"] = db.url;
  // Sources declared by STEPSCOPE_SOURCES_FILE / STEPSCOPE_SOURCES: a bad config stops the start, naming the line or field.
  const sourcesLine = await applySourcesConfigFromEnv(db.pool);
  if (sourcesLine) console.info(`stepscope: ${sourcesLine}`);
  // Alert rules declared by STEPSCOPE_ALERTS_FILE / STEPSCOPE_ALERTS: a bad file stops the start, naming the JSON Pointer.
  const alertsLine = await applyAlertsConfigFromEnv(db.pool);
  if (alertsLine) console.info(`stepscope: ${alertsLine}`);
  // Executions stored before the analytics tables are counted in the background; the
  // analytics pages say so, with progress, until it is done.
  void startAnalyticsBackfill(db);
  if (config.seedDemo) {
    const seeded = await seedDemoOnFirstStart(db, new Date());
    if (seeded) console.info(`stepscope: demo source filled with ${seeded} executions (remove it on the Sources page)`);
  }

  // Default mode: this process also runs the AWS collectors on each source's poll interval.
  const stopScheduler = startInProcessScheduler(db);
  // And evaluates the alert rules: every minute, and after imports and syncs (at most once a minute across processes).
  const stopAlerts = startAlertSchedule(db, (m) => console.info(`stepscope: ${m}`));
  // Bulk redrives/replays run here too (graphile-worker jobs); one left RUNNING by a killed server resumes now.
  const bulkWorker = await startBulkActionWorker(db);

  const app = next({ dev: false, dir, hostname: config.hostname, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    // The peer's address for the sign-in throttle; a value the client sent is replaced, never trusted.
    req.headers[clientAddressHeader] = req.socket.remoteAddress ?? "unknown";
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.hostname, resolve));
  console.info(`stepscope: serving on http://${config.hostname}:${config.port}`);
  const auth = getAuthConfig();
  console.info(
    `stepscope: visitors who are not signed in ${auth.anonymousRole ? "may read (STEPSCOPE_ANONYMOUS_ROLE=viewer)" : "see the sign-in page only"}` +
      (auth.proxyHeader ? `; the ${auth.proxyHeader} header of the reverse proxy names signed-in users` : ""),
  );
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
    server.close();
    void db.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}
