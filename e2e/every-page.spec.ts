import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { executionHref } from "@/lib/format/execution-href";
import { stateMachinePagePath, stateMachineTabs } from "@/lib/queries/state-machine-page-params";
import { storageStateOf, type AccountRole } from "./helpers/accounts";
import { findLayoutFaults } from "./helpers/find-layout-faults";

// Every page and every tab of the app, as a new user meets it, at the two common laptop and
// desktop sizes, as a viewer and as an admin, light and dark. A page fails when any visible
// element is wider than its box (cut or spilling) or reaches past the window, when the
// console logs an error, or when a request fails. The screenshots stay in e2e/.output as
// artifacts: look at them (e2e/.output/every-page/<role>-<width>/<page>-<theme>.png).

const shots = path.join(process.env["E2E_OUTPUT_DIR"] ?? path.join(__dirname, ".output"), "every-page");
const sizes = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const roles: readonly AccountRole[] = ["viewer", "admin"];
const executionTabs = ["overview", "graph", "timeline", "states", "events", "definition", "compare"] as const;

interface Visit {
  readonly name: string;
  readonly url: string;
  /** Something on the page that says it has loaded its data (not a "Loading…"). */
  readonly ready: string;
  /** Response statuses this page answers by design for this role (e.g. 403 on an admin page for a viewer). */
  readonly expectedStatuses?: readonly number[];
}

async function firstArnOrNull(request: APIRequestContext, query: string): Promise<string | null> {
  const res = await request.get(`/api/executions?${query}&pageSize=1`);
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as { rows: { executionArn: string }[] };
  return body.rows[0]?.executionArn ?? null;
}

async function firstArn(request: APIRequestContext, query: string): Promise<string> {
  const arn = await firstArnOrNull(request, query);
  expect(arn, `no demo execution for ${query}`).toBeTruthy();
  return arn!;
}

/** The pages to visit: the app's routes, and an execution with replays, a Parallel and a timed-out (or aborted) one, on every tab. */
async function visitsFor(request: APIRequestContext, role: AccountRole): Promise<Visit[]> {
  const replayed = await firstArn(request, "source=demo&stateMachine=order-processing&status=FAILED");
  const parallel = await firstArn(request, "source=demo&stateMachine=nightly-report&status=SUCCEEDED");
  // A timed-out execution where the demo has one (else an aborted one: the other way an execution is cut short).
  const cutShort =
    (await firstArnOrNull(request, "source=demo&status=TIMED_OUT")) ??
    (await firstArn(request, "source=demo&status=ABORTED"));
  const adminOnly = role === "admin" ? {} : { expectedStatuses: [403] };
  // The replayed execution's state machine: its page, every tab (the definition drawn on its own).
  const machineArn = replayed.replace(":execution:", ":stateMachine:").replace(/:[^:]*$/, "");
  const machineTabs: Visit[] = stateMachineTabs.map((tab) => ({
    name: `state-machine-${tab}`,
    url: `${stateMachinePagePath(machineArn)}?tab=${tab}`,
    ready: tab === "definition" ? '[data-testid="execution-graph"][data-ready="true"]' : "main h1",
  }));
  const execution = (label: string, arn: string, tabs: readonly string[]): Visit[] =>
    tabs.map((tab) => ({
      name: `execution-${label}-${tab}`,
      url: `${executionHref(arn)}?tab=${tab}`,
      ready: `[aria-label="Execution views"] [aria-current="page"]`,
    }));
  return [
    { name: "overview", url: "/", ready: "main h1" },
    { name: "executions", url: "/executions", ready: '[data-testid="executions-table"] tbody tr' },
    {
      name: "executions-failed",
      url: "/executions?status=FAILED&stateMachine=order-processing",
      ready: '[data-testid="executions-table"] tbody tr',
    },
    ...execution("replayed", replayed, executionTabs),
    ...execution("parallel", parallel, ["graph", "timeline"]),
    ...execution("cut-short", cutShort, ["graph", "timeline", "overview"]),
    { name: "failures", url: "/failures", ready: "main h1" },
    { name: "costs", url: "/costs", ready: "main h1" },
    { name: "state-machines", url: "/state-machines", ready: "main h1" },
    ...machineTabs,
    { name: "sources", url: "/sources", ready: "main h1" },
    { name: "local-runs", url: "/local-runs", ready: "main h1" },
    { name: "users", url: "/users", ready: "main", ...adminOnly },
    { name: "audit", url: "/audit", ready: "main", ...adminOnly },
    { name: "sign-in", url: "/login", ready: "main" },
    { name: "setup", url: "/setup", ready: "main" },
  ];
}

/** Leaves a local replay behind the first failed order so its page has replays to list. */
async function replayOnce(request: APIRequestContext): Promise<void> {
  const arn = await firstArn(request, "source=demo&stateMachine=order-processing&status=FAILED");
  const res = await request.post(`/api/executions/${encodeURIComponent(arn)}/replay`, { data: { mode: "local" } });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

/** Visits every page in one browser context (one per role and size) and reports each page's faults as it goes. */
async function checkEveryPage(browser: Browser, role: AccountRole, size: (typeof sizes)[number]): Promise<void> {
  const context = await browser.newContext({ storageState: storageStateOf(role), viewport: size });
  const page = await context.newPage();
  const dir = path.join(shots, `${role}-${size.width}`);
  mkdirSync(dir, { recursive: true });
  let faults: string[] = [];
  let expected: readonly number[] = [];
  page.on("console", (m) => {
    // The browser logs every 4xx document as an error: one this page answers by design is not a fault.
    const status = /status of (\d{3})/.exec(m.text())?.[1];
    if (m.type() === "error" && !(status && expected.includes(Number(status))))
      faults.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => faults.push(`uncaught: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && !expected.includes(r.status()))
      faults.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    // Navigations and prefetches the next page cancels are not failures.
    if (!/ERR_ABORTED|NS_BINDING_ABORTED/.test(r.failure()?.errorText ?? ""))
      faults.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  for (const visit of await visitsFor(context.request, role)) {
    faults = [];
    expected = visit.expectedStatuses ?? [];
    await page.goto(visit.url);
    await page.locator(visit.ready).first().waitFor();
    await page.waitForLoadState("networkidle");
    // The layout is the same in both themes: measured once, pictured twice.
    faults.push(...(await findLayoutFaults(page)));
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), theme === "dark");
      await page.screenshot({ path: path.join(dir, `${visit.name}-${theme}.png`) });
    }
    // Soft: every page is visited and every fault reported, not only the first page's.
    expect.soft(faults, `${role} ${size.width}×${size.height} ${visit.name} (${visit.url})`).toEqual([]);
  }
  await context.close();
}

test.describe("every page, every tab", () => {
  test.describe.configure({ timeout: 900_000 });

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf("admin") });
    await replayOnce(context.request);
    await context.close();
  });

  for (const role of roles)
    for (const size of sizes)
      test(`${role} at ${size.width}×${size.height}: nothing cut off, no console error, no failed request`, async ({
        browser,
      }) => {
        await checkEveryPage(browser, role, size);
      });
});
