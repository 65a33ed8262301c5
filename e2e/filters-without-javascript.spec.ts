import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { executionHref } from "@/lib/format/execution-href";
import { storageStateOf } from "./helpers/accounts";

// A slow client (or none: JavaScript off) still filters the executions list: the statuses are
// links and the filters a plain GET form, server-rendered. And an execution started through an
// alias of a published version shows both, links to the executions started through each, and
// its state machine's page lists them.

const slow = { timeout: 30_000 };
const fixture = readFileSync(path.join(__dirname, "fixtures", "checkout-card-declined.bundle.json"), "utf8");
const MACHINE = "nojs-checkout";
const MACHINE_ARN = `arn:aws:states:eu-west-1:123456789012:stateMachine:${MACHINE}`;
const VERSION = `${MACHINE_ARN}:7`;
const ALIAS = `${MACHINE_ARN}:PROD`;
const EXECUTION = "nojs-through-alias";
const EXECUTION_ARN = `arn:aws:states:eu-west-1:123456789012:execution:${MACHINE}:${EXECUTION}`;

/** The fixture's bundle as DescribeExecution answers for an execution started through the alias PROD (→ version 7). */
function bundleThroughAlias(): string {
  const b = JSON.parse(
    fixture
      .replaceAll("stateMachine:checkout", `stateMachine:${MACHINE}`)
      .replaceAll("execution:checkout:e2e-card-declined-7731", `execution:${MACHINE}:${EXECUTION}`),
  ) as { execution: Record<string, unknown>; stateMachine: Record<string, unknown> };
  Object.assign(b.execution, { name: EXECUTION, stateMachineVersionArn: VERSION, stateMachineAliasArn: ALIAS });
  b.stateMachine["name"] = MACHINE;
  return JSON.stringify(b);
}

/** The statuses of the rows shown. */
const rowStatuses = (page: Page) =>
  page
    .getByTestId("executions-table")
    .locator("tbody tr [data-status]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false, storageState: storageStateOf("viewer") });

  test("the executions list filters by status, state machine, source, time range and query", async ({ page }) => {
    await page.goto("/executions");
    await expect(page.getByTestId("executions-table").locator("tbody tr").first()).toBeVisible(slow);

    await page.getByTestId("status-filter-FAILED").click();
    await expect(page).toHaveURL(/[?&]status=FAILED(&|$)/, slow);
    expect(new Set(await rowStatuses(page))).toEqual(new Set(["FAILED"]));
    await expect(page.getByTestId("status-filter-FAILED")).toHaveAttribute("aria-current", "true");

    const form = page.getByRole("search");
    await form.locator('select[name="stateMachine"]').selectOption("order-processing");
    await form.locator('select[name="source"]').selectOption("demo");
    await form.locator('select[name="range"]').selectOption("90d");
    await form.getByRole("combobox", { name: "Query" }).fill("Declined");
    await form.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/stateMachine=order-processing/, slow);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      status: "FAILED",
      stateMachine: "order-processing",
      source: "demo",
      range: "90d",
      q: "Declined",
    });
    // The same rows as the API gives for the same params (the one schema parses both).
    const api = await page.request.get(`/api/executions?${url.searchParams}`);
    expect(api.status()).toBe(200);
    const expected = ((await api.json()) as { rows: { name: string; status: string }[] }).rows;
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(expected.map((r) => r.status))).toEqual(new Set(["FAILED"]));
    const shown = await page
      .locator("[data-row-link]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(shown).toEqual(expected.map((r) => r.name));
    for (const machine of await page
      .getByTestId("executions-table")
      .locator("tbody tr td:nth-child(3)")
      .allInnerTexts())
      expect(machine.trim()).toBe("order-processing");

    // The filters chosen stay chosen on the server-rendered page, and a status link keeps them.
    await expect(form.locator('select[name="stateMachine"]')).toHaveValue("order-processing");
    await page.getByTestId("status-filter-FAILED").click();
    await expect(page).not.toHaveURL(/status=/, slow);
    expect(new URL(page.url()).searchParams.get("q")).toBe("Declined");
  });
});

test.describe("an execution started through an alias", () => {
  test.beforeAll(async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL: baseURL!, storageState: storageStateOf("admin") });
    const res = await request.post(`/api/import?name=${EXECUTION}.json`, {
      data: bundleThroughAlias(),
      headers: { "content-type": "application/json" },
    });
    expect(res.ok(), await res.text()).toBe(true);
    await request.dispose();
  });

  test("shows its alias and version, each a filter of the list, and its state machine lists them", async ({ page }) => {
    await page.goto(`${executionHref(EXECUTION_ARN)}?tab=overview`);
    await expect(page.getByTestId("started-through-alias")).toHaveText("alias PROD", slow);
    await expect(page.getByTestId("started-through-version")).toHaveText("version 7");
    await page.getByTestId("started-through-alias").click();
    await expect(page).toHaveURL(/qualifier=/, slow);
    expect(new URL(page.url()).searchParams.get("qualifier")).toBe(ALIAS);
    await expect(page.getByTestId("filter-chip")).toHaveText(/Started through PROD/);
    await expect(page.getByTestId("executions-table").locator("tbody tr")).toHaveCount(1);
    await expect(page.getByRole("link", { name: EXECUTION })).toBeVisible();

    await page.goto(`/state-machines/${encodeURIComponent(MACHINE_ARN)}?tab=versions`);
    const qualified = page.getByTestId("qualified-arns");
    await expect(qualified).toContainText(ALIAS, slow);
    await expect(qualified).toContainText(VERSION);
    await page.getByRole("link", { name: `Executions started through ${VERSION}` }).click();
    await expect(page).toHaveURL(/qualifier=/, slow);
    await expect(page.getByRole("link", { name: EXECUTION })).toBeVisible();
  });

  test("its state machine's page draws the definition alone, labelled as such", async ({ page }) => {
    await page.goto(`/state-machines/${encodeURIComponent(MACHINE_ARN)}`);
    const graph = page.getByTestId("execution-graph");
    await expect(graph).toHaveAttribute("data-mode", "definition-only", slow);
    await expect(graph.getByTestId("definition-only")).toContainText("Definition only");
    await expect(graph).toHaveAttribute("data-ready", "true");
    // No state claims an outcome: none reads "Not reached" (which is what an execution's unvisited states say).
    await expect(graph.getByTestId("graph-state").first()).toHaveAttribute("data-status", "definition");
    await expect(graph.locator('[data-testid="graph-state"]:not([data-status="definition"])')).toHaveCount(0);
    await expect(graph.getByText("Not reached")).toHaveCount(0);
  });
});
