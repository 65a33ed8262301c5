/**
 * Execution page benchmark: a 25,000-event execution (generated in real shapes by
 * `generateLargeHistory`, a failed Map-heavy image pipeline) imported into a fresh
 * embedded Postgres behind the built app; then, in headless Chromium, median of 5 each:
 *
 *  - graph: navigation to the page (which opens a failed execution on its Graph tab) until
 *    the graph is laid out and a click on a state selects it;
 *  - timeline: navigation to `?tab=timeline` until its rows are drawn and the last row can
 *    be scrolled to;
 *  - both: navigation to the graph, then the Timeline tab, until both answered as above;
 *  - raw events: `SELECT … FROM history_events` of that execution with `pg` (the floor).
 *
 *   npm run bench:page [-- --events 25000 --runs 5] [--baseline <checkout>] [--breakdown]
 *
 * `--breakdown`: also where the graph's time goes (see `graph-breakdown.ts`), per build.
 *
 * Needs a build: `STEPSCOPE_DIST_DIR` (default `.next`) must hold `next build` output.
 * `--baseline <checkout>`: another checkout of the app with its own build in `<checkout>/.next`
 * (e.g. `git worktree add --detach /work/base HEAD`, `cp -al node_modules /work/base/` — hard
 * links: Turbopack refuses a symlinked node_modules — `node scripts/prisma-generate.mjs` and
 * `npx next build` there) served on
 * the next port over the same database; graph and timeline are then measured on both,
 * alternating run by run, and printed side by side with their ratio.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { chromium, type Page } from "@playwright/test";
import { connectDatabase } from "../../lib/db/database";
import { ensureDatabase } from "../../lib/db/embedded";
import { generateLargeHistory } from "../../lib/examples/generate-large-history";
import { executionHref } from "../../lib/format/execution-href";
import { importHistoryText } from "../../lib/ingest/import-history-text";
import { toBundle } from "../../e2e/helpers/to-bundle";
import { graphBreakdown } from "./graph-breakdown";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "25000" },
    runs: { type: "string", default: "5" },
    port: { type: "string", default: "3202" },
    baseline: { type: "string" },
    breakdown: { type: "boolean", default: false },
  },
});
const EVENTS = Number(args.events);
const RUNS = Number(args.runs);
const PORT = Number(args.port);
const base = `http://127.0.0.1:${PORT}`;
const BASELINE = args.baseline ? resolve(args.baseline) : null;
const baselineBase = `http://127.0.0.1:${PORT + 1}`;
const BREAKDOWN = args.breakdown;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const fmt = (xs: readonly number[]) =>
  `median ${Math.round(median(xs))} ms  (runs: ${xs.map((x) => Math.round(x)).join(", ")})`;

async function waitForHealth(server: ChildProcess, at = base): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${at}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("server did not become healthy in 180 s");
}

async function graphInteractive(page: Page): Promise<void> {
  await page
    .locator(
      '[data-testid="execution-graph"][data-ready="true"] [data-testid="graph-state"][data-state-name="ListImages"]',
    )
    .waitFor();
  // A DOM click: the point is whether React answers, not whether the box is in the viewport.
  await page.locator('[data-testid="graph-state"][data-state-name="ListImages"]').dispatchEvent("click");
  await page.locator('[data-testid="graph-state"][data-state-name="ListImages"][aria-pressed="true"]').waitFor();
}

async function timelineInteractive(page: Page): Promise<void> {
  const scroller = page.getByTestId("execution-timeline").locator("div.overflow-auto");
  await page.getByTestId("timeline-row").first().waitFor();
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.locator('[data-testid="timeline-row"][data-state-name="PipelineFailed"]').waitFor();
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "stepscope-bench-page-"));
  const parsed = await generateLargeHistory({
    seed: 7,
    targetEvents: EVENTS,
    startedAt: new Date("2026-11-20T08:00:00Z"),
    outcome: "FAILED",
  });
  const arn = parsed.identity.executionArn;
  console.log(`execution: ${parsed.events.length.toLocaleString("en")} events (${arn.split(":").pop()})`);
  const server = spawn(process.execPath, [resolve(__dirname, "../../bin/serve.mjs")], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      STEPSCOPE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      STEPSCOPE_DIST_DIR: process.env["STEPSCOPE_DIST_DIR"] ?? ".next",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let baselineServer: ChildProcess | null = null;
  const browser = await chromium.launch({
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    await waitForHealth(server);
    // Stored through the import path directly (as `stepscope import` does): the upload route needs an operator's session.
    const { url: storeUrl } = await ensureDatabase({ dataDir });
    const store = connectDatabase(storeUrl, { max: 2 });
    await importHistoryText(store, toBundle(parsed), {
      fileName: "large.json",
      source: { kind: "UPLOAD", name: "bench" },
    });
    await store.prisma.$disconnect();
    await store.pool.end();
    if (BASELINE) {
      // Started once the first server owns the database and has migrated it: the baseline finds it through the data folder.
      baselineServer = spawn(process.execPath, [join(BASELINE, "bin/serve.mjs")], {
        cwd: BASELINE,
        env: {
          ...process.env,
          PORT: String(PORT + 1),
          HOSTNAME: "127.0.0.1",
          STEPSCOPE_DATA_DIR: dataDir,
          DATABASE_URL: "",
          STEPSCOPE_DIST_DIR: ".next",
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      await waitForHealth(baselineServer, baselineBase);
    }
    const api = `${base}/api/executions/${encodeURIComponent(arn)}`;

    // Where the graph's time goes: the two payloads it waits for, as the server answers them (warm, median of RUNS).
    const payload = async (path: string) => {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i <= RUNS; i++) {
        const t0 = performance.now();
        const r = await fetch(`${api}${path}`, { headers: { "accept-encoding": "identity" } });
        bytes = (await r.arrayBuffer()).byteLength;
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        if (i > 0) times.push(performance.now() - t0);
      }
      return `${(bytes / 1024).toFixed(0)} KB, ${fmt(times)}`;
    };
    const definitionPayload = await payload("/definition");
    const overlayPayload = await payload("/overlay").catch((e: unknown) => `not served by this build (${String(e)})`);
    const viewPayload = await payload("/view");

    /** Median-of-RUNS timings of `open` on this build and, with `--baseline`, on the baseline (alternating, so both see the same machine). */
    const measure = async (
      open: (page: Page, at: string) => Promise<void>,
    ): Promise<{ now: number[]; before: number[] }> => {
      const now: number[] = [];
      const before: number[] = [];
      const targets = BASELINE ? [base, baselineBase] : [base];
      // One unmeasured warm-up each (server code paths, caches), then RUNS fresh contexts.
      for (let i = 0; i <= RUNS; i++) {
        for (const at of targets) {
          const context = await browser.newContext({
            viewport: { width: 1440, height: 900 },
            timezoneId: "Europe/Berlin",
          });
          const page = await context.newPage();
          const t0 = performance.now();
          await open(page, at);
          const t = performance.now() - t0;
          if (i > 0) (at === base ? now : before).push(t);
          await context.close();
        }
      }
      return { now, before };
    };
    const href = executionHref(arn);

    if (BREAKDOWN) {
      for (const [label, at] of BASELINE
        ? [
            ["this build", base],
            ["baseline", baselineBase],
          ]
        : [["this build", base]]) {
        const b = await graphBreakdown(browser, `${at}${href}`, RUNS, graphInteractive);
        console.log(`where the graph's time goes (${label}, median of ${RUNS}, ms from navigation):\n${b}`);
      }
    }
    const graph = await measure(async (page, at) => {
      await page.goto(`${at}${href}`);
      await graphInteractive(page);
    });
    const timeline = await measure(async (page, at) => {
      await page.goto(`${at}${href}?tab=timeline`);
      await timelineInteractive(page);
    });
    const both = await measure(async (page, at) => {
      await page.goto(`${at}${href}`);
      await graphInteractive(page);
      await page.getByRole("navigation", { name: "Execution views" }).getByRole("link", { name: "Timeline" }).click();
      await timelineInteractive(page);
    });

    const { url: dbUrl } = await ensureDatabase({ dataDir });
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const raw: number[] = [];
    let rows = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const r = await client.query(
        `SELECT h.event_id, h.previous_event_id, h.timestamp, h.type, h.state_name, h.details
           FROM history_events h JOIN executions e ON e.id = h.execution_id
          WHERE e.execution_arn = $1 ORDER BY h.event_id`,
        [arn],
      );
      if (i > 0) raw.push(performance.now() - t0);
      rows = r.rowCount ?? 0;
    }
    await client.end();

    console.log(`GET …/definition (definition + cached layout):              ${definitionPayload}`);
    console.log(`GET …/overlay (what the graph draws over the states):       ${overlayPayload}`);
    console.log(`GET …/view (every state run with attempts):                  ${viewPayload}`);
    const line = (label: string, m: { now: number[]; before: number[] }) => {
      console.log(`${label} ${fmt(m.now)}`);
      if (BASELINE)
        console.log(
          `${" ".repeat(label.length - 10)}baseline: ${fmt(m.before)}   → ${(median(m.now) / Math.max(1, median(m.before))).toFixed(2)}× the baseline`,
        );
    };
    line("graph interactive (navigation → laid out, a click selects):  ", graph);
    line("timeline interactive (navigation → rows, scrolled to the end):", timeline);
    line("graph then timeline (navigation → both interactive):         ", both);
    console.log(`raw events from Postgres (${rows.toLocaleString("en")} rows with details, pg):      ${fmt(raw)}`);
    console.log(
      `ratio graph+timeline / raw read: ${(median(both.now) / Math.max(1, median(raw))).toFixed(1)}×  (goal: both under 1,500 ms)`,
    );
  } finally {
    await browser.close();
    if (baselineServer) {
      baselineServer.kill("SIGTERM");
      await new Promise((r) => baselineServer?.once("exit", r));
    }
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
