import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { storageStateOf } from "./e2e/helpers/accounts";

const port = Number(process.env["E2E_PORT"] ?? 3100);
// Each run gets its own embedded Postgres in a fresh data folder: never a shared or remote database.
const dataDir = process.env["E2E_DATA_DIR"] ?? mkdtempSync(path.join(tmpdir(), "stepscope-e2e-"));
const lockedDataDir = process.env["E2E_LOCKED_DATA_DIR"] ?? mkdtempSync(path.join(tmpdir(), "stepscope-e2e-locked-"));
// Worker processes load this file again: they must find the same folders (the specs' CLI calls join their databases).
process.env["E2E_DATA_DIR"] = dataDir;
process.env["E2E_LOCKED_DATA_DIR"] = lockedDataDir;

const serverEnv = {
  HOSTNAME: "127.0.0.1",
  DATABASE_URL: "",
  STEPSCOPE_DIST_DIR: process.env["STEPSCOPE_DIST_DIR"] ?? ".next",
  // The standard chain's credentials for AWS sources pointed at a spec's fake AWS (which checks no signature).
  AWS_ACCESS_KEY_ID: "AKIDE2EFAKE",
  AWS_SECRET_ACCESS_KEY: "e2e-fake-secret",
  AWS_EC2_METADATA_DISABLED: "true",
  // e2e/alerts.spec.ts listens here for the webhook its rule names by {"env": "E2E_ALERTS_HOOK_URL"}.
  E2E_ALERTS_HOOK_URL: `http://127.0.0.1:${port + 2}/hook`,
  // A rule declared as code: e2e/alerts.spec.ts checks the page shows it as provisioned and read-only.
  STEPSCOPE_ALERTS: JSON.stringify({
    alerts: [{ name: "e2e provisioned", when: { kind: "running-longer-than", after: "7d" }, notify: [] }],
  }),
  STEPSCOPE_PUBLIC_URL: `http://127.0.0.1:${port}`,
  // e2e/traces.spec.ts: execution pages link to a (never opened) tracing UI; the continuous
  // export points at the discard port, where nothing listens, so the Sources page shows its
  // error and its waiting executions.
  STEPSCOPE_TRACE_URL_TEMPLATE: "https://tracing.example/trace/{traceId}",
  STEPSCOPE_OTLP_ENDPOINT: "http://e2e:secret@127.0.0.1:9/v1/traces?api-key=hidden",
};

export default defineConfig({
  testDir: "e2e",
  outputDir: process.env["E2E_OUTPUT_DIR"] ?? "e2e/.output",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    timezoneId: "Europe/Berlin",
    locale: "en-GB",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // Creates the viewer/operator/admin accounts and keeps their sessions (e2e/auth.setup.ts).
    { name: "accounts", testMatch: /auth\.setup\.ts$/ },
    // Specs run signed in as admin unless they pick another account (storageStateOf) or none (signedOut).
    { name: "app", dependencies: ["accounts"], use: { storageState: storageStateOf("admin") } },
  ],
  webServer: [
    {
      command: "node bin/serve.mjs",
      url: `http://127.0.0.1:${port}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: { ...serverEnv, PORT: String(port), STEPSCOPE_DATA_DIR: dataDir },
    },
    {
      // The same app with anonymous access off (as on a server reachable beyond loopback):
      // e2e/sign-in-required.spec.ts checks that nothing is readable before signing in.
      command: "node bin/serve.mjs",
      url: `http://127.0.0.1:${port + 1}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      env: {
        ...serverEnv,
        PORT: String(port + 1),
        STEPSCOPE_DATA_DIR: lockedDataDir,
        STEPSCOPE_ANONYMOUS_ROLE: "none",
      },
    },
  ],
});
