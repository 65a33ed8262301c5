import { expect, test, type Page } from "@playwright/test";

/** The analytics pages share one filter bar; this reads and drives it. */
class AnalyticsPage {
  constructor(private readonly page: Page) {}

  async goto(path: "/" | "/failures" | "/costs", query = "") {
    await this.page.goto(`${path}${query}`);
    await expect(this.page.getByRole("search")).toBeVisible();
  }

  filter(name: "Time range" | "State machine" | "Source" | "Account" | "Region") {
    return this.page.getByRole("combobox", { name });
  }

  async total(): Promise<number> {
    return Number((await this.page.getByTestId("stat-total").locator("div").nth(1).innerText()).replace(/,/g, ""));
  }
}

test("the overview charts the demo executions and a state machine filter narrows them", async ({ page }) => {
  const overview = new AnalyticsPage(page);
  await overview.goto("/", "?range=all");
  const chart = page.getByTestId("status-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const before = await overview.total();
  expect(before).toBeGreaterThan(0);

  const machines = page.getByTestId("overview-machines").getByRole("row");
  const firstMachine = (await machines.nth(1).getByRole("cell").first().innerText()).trim();
  const firstCount = Number((await machines.nth(1).getByRole("cell").nth(1).innerText()).replace(/,/g, ""));
  await overview.filter("State machine").selectOption(firstMachine);
  // The filter names the state machine by its ARN.
  await expect(page).toHaveURL(
    new RegExp(`stateMachine=arn%3A[^&]*%3AstateMachine%3A${encodeURIComponent(firstMachine)}(&|$)`),
  );
  await expect(page.getByTestId("overview-machines").getByRole("row")).toHaveCount(2);
  expect(await overview.total()).toBe(firstCount);
  expect(firstCount).toBeLessThan(before);
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
});

test("a failure group leads to exactly its executions, and its newest example opens", async ({ page }) => {
  const failures = new AnalyticsPage(page);
  await failures.goto("/failures", "?range=all");
  const group = page.getByTestId("failure-group").first();
  await expect(group.getByTestId("sparkline")).toBeVisible();
  const count = Number((await group.getByRole("cell").nth(1).innerText()).replace(/,/g, ""));
  const stateMachine = (await group.getAttribute("data-state-machine")) ?? "";
  await group.getByTestId("failure-group-link").click();

  await expect(page).toHaveURL(/\/executions\?signature=[0-9a-f]{32}/);
  const rows = page.getByTestId("executions-table").locator("tbody tr");
  await expect(rows).toHaveCount(Math.min(count, 50));
  for (let i = 0; i < Math.min(count, 50); i++) await expect(rows.nth(i)).toContainText(stateMachine);

  await failures.goto("/failures", "?range=all");
  await page.getByTestId("failure-group").first().getByRole("link", { name: "open" }).click();
  await expect(page).toHaveURL(/\/executions\/arn/);
});

test("costs chart per day and change with the range", async ({ page }) => {
  const costs = new AnalyticsPage(page);
  await costs.goto("/costs", "?range=all");
  await expect(page.getByTestId("cost-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  const all = await page.getByTestId("cost-stats").innerText();
  await costs.filter("Time range").selectOption("24h");
  await expect(page).toHaveURL(/range=24h/);
  await expect(page.getByTestId("cost-stats")).not.toHaveText(all);
  await expect(page.getByTestId("cost-machines").getByRole("row").first()).toBeVisible();
  await expect(page.getByTestId("express-basis")).toContainText("estimate");
});

test("the executions list pages by cursor: Next reads the rows after the last one, Previous comes back", async ({
  page,
}) => {
  await page.goto("/executions");
  const rows = page.getByTestId("executions-table").locator("tbody tr");
  await expect(rows).toHaveCount(50);
  // Execution names (the second cell): unique in the demo data.
  const names = () =>
    rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLTableRowElement).cells[1]?.textContent ?? ""));
  const firstPage = await names();
  await expect(page.getByTestId("page-range")).toContainText("1–50 of");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/[?&]page=2&after=|[?&]after=.*&page=2|[?&]page=2.*after=/);
  await expect(page.getByTestId("page-range")).toContainText("51–");
  await expect(rows).toHaveCount(50);
  const secondPage = await names();
  expect(secondPage.some((r) => firstPage.includes(r))).toBe(false);
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("page-range")).toContainText("1–50 of");
  await expect(page).not.toHaveURL(/after=|before=/);
  expect(await names()).toEqual(firstPage);
});

test("/api/metrics answers in the Prometheus text format", async ({ request }) => {
  const res = await request.get("/api/metrics");
  expect(res.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  const text = await res.text();
  expect(text).toMatch(/^# HELP stepscope_executions_total/m);
  expect(text).toMatch(/^stepscope_failures_total\{state_machine="[^"]+",signature="[0-9a-f]{32}"/m);
});
