import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { generateLargeHistory } from "@/lib/examples/generate-large-history";
import { executionHref } from "@/lib/format/execution-href";
import type { ParsedExecution } from "@/lib/history/types";
import { toBundle } from "./helpers/to-bundle";
import { ExecutionPage } from "./pages/execution-page";

// Specs run signed in as admin (playwright.config.ts): `request` carries the session the upload needs.
async function importBundle(request: APIRequestContext, name: string, text: string): Promise<void> {
  const res = await request.post(`/api/import?name=${encodeURIComponent(name)}`, {
    data: text,
    headers: { "content-type": "application/json" },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** The same execution under a name of this spec's own, so no other spec sees its rows. */
function renamed(p: ParsedExecution, name: string): ParsedExecution {
  const executionArn = p.identity.executionArn.replace(/[^:]+$/, name);
  return { ...p, identity: { ...p.identity, executionArn, name } };
}

/** The execution with `marker` added to its input (in `ExecutionStarted`), so two inputs surely differ there. */
function withInputMarker(p: ParsedExecution, marker: string): ParsedExecution {
  const events = p.events.map((e, i) => {
    if (i !== 0) return e;
    const details = (e as unknown as { executionStartedEventDetails: { input?: string } }).executionStartedEventDetails;
    const input = { ...(JSON.parse(details.input ?? "{}") as object), compareMarker: marker };
    return { ...e, executionStartedEventDetails: { ...details, input: JSON.stringify(input) } };
  });
  return { ...p, events: events as ParsedExecution["events"] };
}

/** The first `count` events of a history: what a collector has stored of a running execution. */
function prefix(p: ParsedExecution, count: number): ParsedExecution {
  return { ...p, events: p.events.slice(0, count) };
}

/** Presses Tab until the focused element matches `selector` (keyboard only, like a user would). */
async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

test.describe("execution page: compare, live polling, keyboard, colour never alone", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("Compare: another execution of the same state machine, where the paths diverge and how the inputs differ", async ({
    page,
    request,
  }) => {
    const failed = withInputMarker(
      renamed(
        await generateLargeHistory({
          seed: 21,
          targetEvents: 300,
          startedAt: new Date("2026-11-21T08:00:00Z"),
          outcome: "FAILED",
        }),
        "e2e-compare-failed",
      ),
      "a",
    );
    const succeeded = withInputMarker(
      renamed(
        await generateLargeHistory({
          seed: 22,
          targetEvents: 300,
          startedAt: new Date("2026-11-21T07:00:00Z"),
          outcome: "SUCCEEDED",
        }),
        "e2e-compare-succeeded",
      ),
      "b",
    );
    await importBundle(request, "compare-failed.json", toBundle(failed));
    await importBundle(request, "compare-succeeded.json", toBundle(succeeded));

    await page.goto(`${executionHref(failed.identity.executionArn)}?tab=compare`);
    const select = page.getByTestId("compare-select");
    // The last success of the state machine is offered (first among the successes).
    await expect(select.locator("option", { hasText: "e2e-compare-succeeded" })).toHaveCount(1);
    await select.selectOption(succeeded.identity.executionArn);
    await expect(page).toHaveURL(
      new RegExp(`with=${encodeURIComponent(succeeded.identity.executionArn).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
    // A failed run against a successful one: the paths diverge, the first divergence is marked by a symbol, not only a colour.
    await expect(page.getByTestId("compare-divergence")).toContainText(/diverge at step \d+/);
    const first = page.getByTestId("compare-first-divergence");
    await expect(first).toHaveAttribute("aria-current", "step");
    await expect(first).toContainText("◆");
    await expect(page.getByTestId("compare-outcome-differences")).toContainText(/FAILED|Failed/);
    // How the inputs differ, as a JSON diff by JSON Pointer path.
    const diff = page.getByTestId("compare-input-diff");
    await expect(diff).toContainText("/compareMarker");
    await expect(diff).toContainText('"a"');
    await expect(diff).toContainText('"b"');
  });

  test("live: a running execution refreshes by polling and keeps the selected state, its detail and the zoom", async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const full = renamed(
      await generateLargeHistory({
        seed: 23,
        targetEvents: 400,
        startedAt: new Date("2026-11-21T09:00:00Z"),
        outcome: "FAILED",
      }),
      "e2e-live-run",
    );
    const arn = full.identity.executionArn;
    // ListImages has run, ProcessImages has started: the execution is running.
    const startedMap = full.events.findIndex((e) => e.type === "MapStateStarted");
    expect(startedMap).toBeGreaterThan(0);
    await importBundle(request, "live-1.json", toBundle(prefix(full, startedMap + 1)));

    await page.goto(`${executionHref(arn)}?tab=graph&state=ListImages`);
    const ex = new ExecutionPage(page);
    await ex.waitForGraph();
    await expect(ex.graphState("ProcessImages")).toHaveAttribute("data-status", "running");
    await expect(ex.graphState("ListImages")).toHaveAttribute("aria-pressed", "true");
    await expect(ex.stateDetail.getByTestId("state-detail-name")).toHaveText("ListImages");
    await ex.graph.getByRole("button", { name: "Zoom in" }).click();
    const viewport = ex.graph.locator(".react-flow__viewport");
    await expect.poll(async () => viewport.getAttribute("style")).not.toBe(null);
    const zoomed = await viewport.getAttribute("style");

    // The collector stores the rest: the page sees the end by polling (every 5 s) without a reload.
    await importBundle(request, "live-2.json", toBundle(full));
    await expect(page.getByTestId("root-cause")).toBeVisible({ timeout: 20_000 });
    await expect(ex.graphState("ProcessImages")).toHaveAttribute("data-status", /failed|caught/, { timeout: 20_000 });
    await expect(ex.graphState("PipelineFailed")).toHaveAttribute("data-status", "failed");
    // The user's selection, its detail and the zoom stayed as they were.
    await expect(ex.graphState("ListImages")).toHaveAttribute("aria-pressed", "true");
    await expect(ex.stateDetail.getByTestId("state-detail-name")).toHaveText("ListImages");
    expect(new URL(page.url()).searchParams.get("state")).toBe("ListImages");
    expect(await viewport.getAttribute("style")).toBe(zoomed);
  });

  test("keyboard: reach a state, open and close its detail, switch tabs, follow an event to its state — without a mouse", async ({
    page,
    request,
  }) => {
    const parsed = renamed(
      await generateLargeHistory({
        seed: 24,
        targetEvents: 300,
        startedAt: new Date("2026-11-21T10:00:00Z"),
        outcome: "FAILED",
      }),
      "e2e-keyboard",
    );
    await importBundle(request, "keyboard.json", toBundle(parsed));
    await page.goto(`${executionHref(parsed.identity.executionArn)}?tab=graph`);
    const ex = new ExecutionPage(page);
    await ex.waitForGraph();

    await tabTo(page, '[data-testid="graph-state"][data-state-name="ListImages"]');
    await page.keyboard.press("Enter");
    await expect(ex.graphState("ListImages")).toHaveAttribute("aria-pressed", "true");
    await expect(ex.stateDetail.getByTestId("state-detail-name")).toHaveText("ListImages");
    await tabTo(page, '[aria-label="Close state detail"]');
    await page.keyboard.press("Enter");
    await expect(ex.stateDetail).toHaveCount(0);

    // Focus went back to the page with the panel: start again from the top, as a keyboard user would.
    await page.locator("body").focus();
    await tabTo(page, 'nav[aria-label="Execution views"] a[href*="tab=events"]');
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("event-scroller")).toBeVisible();
    await tabTo(page, '[data-testid="event-state-link"]');
    const linked = await page.evaluate(() => document.activeElement?.textContent ?? "");
    await page.keyboard.press("Enter");
    await expect(ex.graph).toBeVisible();
    await expect(ex.stateDetail.getByTestId("state-detail-name")).toHaveText(linked);
    await expect(ex.graph.locator(`[data-testid="graph-state"][data-state-name="${linked}"]`)).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  test("colour is never the only signal: every status also reads as text or an icon", async ({ page, request }) => {
    const parsed = renamed(
      await generateLargeHistory({
        seed: 25,
        targetEvents: 400,
        startedAt: new Date("2026-11-21T11:00:00Z"),
        outcome: "FAILED",
      }),
      "e2e-colour",
    );
    await importBundle(request, "colour.json", toBundle(parsed));
    await page.goto(`${executionHref(parsed.identity.executionArn)}?tab=graph`);
    const ex = new ExecutionPage(page);
    await ex.waitForGraph();
    const labels = /Succeeded|Failed|Timed out|Aborted|Running|Caught|Retried|Not reached/;

    // Every state box says its status in words (and screen readers hear it in its name).
    const states = ex.graph.getByTestId("graph-state");
    const count = await states.count();
    expect(count).toBeGreaterThan(3);
    for (let i = 0; i < count; i++) await expect(states.nth(i)).toContainText(labels);
    const buttons = ex.graph.locator('[data-testid="graph-state"][role="button"]');
    for (let i = 0; i < (await buttons.count()); i++)
      await expect(buttons.nth(i)).toHaveAttribute("aria-label", labels);
    await expect(ex.graph.getByTestId("map-counts")).toHaveAttribute(
      "aria-label",
      /\d+ succeeded, \d+ failed, \d+ aborted iterations/,
    );
    await expect(page.getByTestId("root-cause")).toContainText(/fail/i);

    await ex.tab("Timeline").click();
    const rows = ex.timeline.getByTestId("timeline-row");
    await expect(rows.first()).toBeVisible();
    const shown = await rows.count();
    for (let i = 0; i < Math.min(shown, 15); i++) await expect(rows.nth(i)).toContainText(labels);

    // A failure event is marked with ✕ besides its red text.
    await ex.tab("Events").click();
    await page.getByLabel("Event type").selectOption("ExecutionFailed");
    await expect(page.getByTestId("event-scroller").getByRole("row").nth(1)).toContainText("✕ ExecutionFailed"); // row 0: the column headers
  });
});
