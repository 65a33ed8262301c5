import { expect, test, type APIRequestContext } from "@playwright/test";
import { executionHref } from "@/lib/format/execution-href";

// The small things of a first hour (issue 14): each was seen broken, each is checked here the way a person meets it.

async function demoArn(request: APIRequestContext, query: string): Promise<string> {
  const res = await request.get(`/api/executions?${query}&pageSize=1`);
  expect(res.status(), await res.text()).toBe(200);
  const arn = ((await res.json()) as { rows: { executionArn: string }[] }).rows[0]?.executionArn;
  expect(arn, `no demo execution for ${query}`).toBeTruthy();
  return arn!;
}

test("a bulk dry run that finds nothing eligible says so and offers nothing to start (not Working… for good)", async ({
  page,
}) => {
  await page.goto("/executions?source=demo&status=SUCCEEDED");
  await page.getByRole("button", { name: "Bulk action" }).click();
  const dialog = page.getByTestId("bulk-action-dialog");
  await expect(dialog.getByTestId("bulk-dry-run")).toContainText(/^0 of \d+ selected executions can be redriven/);
  const confirm = dialog.getByRole("button", { name: "Nothing to redrive" });
  await expect(confirm).toBeDisabled();
  await expect(dialog.getByRole("button", { name: "Working…" })).toHaveCount(0);
});

test("the setup page tells someone signed in who they are instead of offering Sign in", async ({ page }) => {
  await page.goto("/setup");
  await expect(page.getByTestId("setup-done-signed-in")).toContainText("you are signed in as e2e-admin (admin)");
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveCount(0);
});

test("an analytics filter chosen before the page hydrates is not lost", async ({ page }) => {
  // The app's scripts never arrive: the page stays as the server sent it, as in its first moments.
  await page.route(/\/_next\/static\/chunks\//, (route) => route.abort());
  await page.goto("/failures");
  await page.getByLabel("Time range").selectOption("7d");
  await expect(page).toHaveURL(/[?&]range=7d/);
  await expect(page.getByLabel("Time range")).toHaveValue("7d");
});

test("a sort header clicked before the page hydrates is not lost", async ({ page }) => {
  await page.route(/\/_next\/static\/chunks\//, (route) => route.abort());
  await page.goto("/executions");
  await page.getByRole("link", { name: "Duration" }).click();
  await expect(page).toHaveURL(/[?&]sort=duration/);
});

test("Next and Previous clicked before the page hydrates are not lost", async ({ page }) => {
  await page.route(/\/_next\/static\/chunks\//, (route) => route.abort());
  await page.goto("/executions");
  await expect(page.getByTestId("page-range")).toContainText("1–50 of");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/[?&]after=/);
  await expect(page.getByTestId("page-range")).toContainText("51–100 of");
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("page-range")).toContainText("1–50 of");
  await expect(page).not.toHaveURL(/after=|before=/);
});

test("the executions list hydrates without a mismatch when its scripts arrive after its rows went stale", async ({
  page,
}) => {
  // On a loaded machine the scripts can arrive after the rows' 10-s freshness: the refetch
  // then starts as the page hydrates, and what hydration draws must still be what the server sent.
  const errors: string[] = [];
  page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route(/\/_next\/static\/chunks\//, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await route.continue();
  });
  await page.goto("/executions");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId("executions-table").locator("tbody tr").first()).toBeVisible();
  expect(errors.filter((e) => /hydrat|#418|#423|#425/i.test(e))).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the analytics filters still apply, as a plain GET form", async ({ page }) => {
    await page.goto("/costs");
    await page.getByLabel("Time range").selectOption("all");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/[?&]range=all/);
    await expect(page.getByLabel("Time range")).toHaveValue("all");
  });
});

test("the Events tab has column headers", async ({ page, request }) => {
  const arn = await demoArn(request, "source=demo&stateMachine=order-processing&status=FAILED");
  await page.goto(`${executionHref(arn)}?tab=events`);
  const headers = page.getByTestId("event-columns").getByRole("columnheader");
  await expect(headers).toHaveText(["#", "Prev", "Time", "Type", "State", "Details"]);
});

test.describe("at 1366×768", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("the timeline's axis labels stay on one line, and its legend names every colour it draws", async ({
    page,
    request,
  }) => {
    const arn = await demoArn(request, "source=demo&stateMachine=order-processing&status=FAILED");
    await page.goto(`${executionHref(arn)}?tab=timeline`);
    const ticks = page.getByTestId("timeline-tick");
    await expect(ticks.first()).toBeVisible();
    const heights = await ticks.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights.every((h) => h <= 24)).toBe(true);
    // The last label ends within the chart, not past its edge.
    const [last, chart] = await Promise.all([
      ticks.last().boundingBox(),
      page.getByTestId("execution-timeline").boundingBox(),
    ]);
    expect(last!.x + last!.width).toBeLessThanOrEqual(chart!.x + chart!.width);
    // No two labels overlap: each starts after the one before it ends.
    const boxes = await ticks.evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })),
    );
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right);
    const legend = page.getByLabel("Legend");
    for (const entry of ["failed attempt", "timed out", "caught", "backoff", "critical path"])
      await expect(legend).toContainText(entry);
  });

  test("the graph's toolbar covers no state: a Parallel's title at the top stays readable", async ({
    page,
    request,
  }) => {
    const arn = await demoArn(request, "source=demo&stateMachine=nightly-report&status=SUCCEEDED");
    await page.goto(`${executionHref(arn)}?tab=graph`);
    await expect(page.getByTestId("execution-graph")).toHaveAttribute("data-ready", "true");
    const toolbar = (await page.getByRole("toolbar", { name: "Graph" }).boundingBox())!;
    const canvas = (await page.getByTestId("execution-graph").locator(".react-flow").boundingBox())!;
    expect(toolbar.y + toolbar.height).toBeLessThanOrEqual(canvas.y + 0.5);
  });
});
