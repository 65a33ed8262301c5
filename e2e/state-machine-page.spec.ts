import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { storageStateOf } from "./helpers/accounts";

// Two stored definitions of one state machine (revisions rev-1 and rev-2: ChargeCard's retries
// go from 2 to 3 attempts), one failed execution each: the fixture's history under a name of its own.
const fixture = readFileSync(path.join(__dirname, "fixtures", "checkout-card-declined.bundle.json"), "utf8");
const MACHINE = "sm-page-checkout";
const ARN = `arn:aws:states:eu-west-1:123456789012:stateMachine:${MACHINE}`;
const pagePath = `/state-machines/${encodeURIComponent(ARN)}`;
// Server-rendered tabs on a loaded 2-core CI: a navigation may take longer than expect's default.
const slow = { timeout: 30_000 };
const shots = process.env["E2E_SCREENSHOT_DIR"] ?? path.join(__dirname, ".output-state-machine", "screenshots");

function bundle(execution: string, revision: string, maxAttempts: number): string {
  const b = JSON.parse(
    fixture
      .replaceAll("stateMachine:checkout", `stateMachine:${MACHINE}`)
      .replaceAll("execution:checkout:e2e-card-declined-7731", `execution:${MACHINE}:${execution}`),
  ) as { execution: Record<string, unknown>; stateMachine: Record<string, unknown> };
  b.execution["name"] = execution;
  b.stateMachine["name"] = MACHINE;
  b.stateMachine["revisionId"] = revision;
  const definition = JSON.parse(String(b.stateMachine["definition"])) as {
    States: { ChargeCard: { Retry: { MaxAttempts: number }[] } };
  };
  definition.States.ChargeCard.Retry[0]!.MaxAttempts = maxAttempts;
  b.stateMachine["definition"] = JSON.stringify(definition, null, 2);
  return JSON.stringify(b);
}

async function importBundles(request: APIRequestContext) {
  for (const [name, revision, attempts] of [
    ["sm-page-first", "rev-1", 2],
    ["sm-page-second", "rev-2", 3],
  ] as const) {
    const res = await request.post(`/api/import?name=${name}.json`, {
      data: bundle(name, revision, attempts),
      headers: { "content-type": "application/json" },
    });
    expect(res.ok(), await res.text()).toBe(true);
  }
}

test.describe("a state machine's page", () => {
  test.beforeAll(async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL: baseURL!, storageState: storageStateOf("admin") });
    await importBundles(request);
    await request.dispose();
  });

  test("opens from State machines, by ARN, on its definition drawn as a graph and as JSON", async ({ page }) => {
    await page.goto("/state-machines");
    await page.getByRole("link", { name: MACHINE, exact: true }).click();
    await expect(page).toHaveURL(pagePath, slow);
    await expect(page.getByTestId("state-machine-arn")).toHaveText(ARN);
    await expect(page.getByTestId("execution-graph")).toHaveAttribute("data-ready", "true");
    await expect(page.getByTestId("execution-graph").getByText("ChargeCard")).toBeVisible();
    await expect(page.getByTestId("definition-json")).toContainText('"MaxAttempts": 3');
  });

  test("lists its stored definitions with AWS's revision ids and diffs two of them", async ({ page }) => {
    await page.goto(`${pagePath}?tab=versions`);
    const rows = page.getByTestId("definition-row");
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId("definitions-table")).toContainText("rev-1");
    await expect(page.getByTestId("definitions-table")).toContainText("rev-2");
    const change = page.getByTestId("definition-diff").getByRole("row").filter({ hasText: "MaxAttempts" });
    await expect(change).toContainText("/States/ChargeCard/Retry/0/MaxAttempts");
    await expect(change.getByRole("cell").nth(2)).toHaveText("2");
    await expect(change.getByRole("cell").nth(3)).toHaveText("3");
    // The choice is in the URL: the reverse comparison is a link.
    await page.getByRole("link", { name: "Compare from #2" }).click();
    await expect(page).toHaveURL(/from=\d+&to=\d+/, slow);
    await expect(page.getByRole("heading", { name: "Changes from #2 to #2" })).toBeVisible(slow);
    await page.getByRole("link", { name: "Compare to #1" }).click();
    await expect(change.getByRole("cell").nth(2)).toHaveText("3", slow);
  });

  test("shows its executions, and the executions list filtered by its ARN", async ({ page }) => {
    await page.goto(`${pagePath}?tab=executions&range=all`);
    const table = page.getByTestId("state-machine-executions");
    await expect(table.getByRole("row")).toHaveCount(3);
    await expect(table).toContainText("sm-page-first");
    await page.getByTestId("all-executions-link").click();
    await expect(page.getByTestId("executions-table").getByRole("row")).toHaveCount(3, slow);
    // The list's state machine cell and the execution header both lead back to the page.
    await page.getByRole("link", { name: "sm-page-second" }).click();
    await page.getByRole("link", { name: MACHINE, exact: true }).first().click();
    await expect(page).toHaveURL(pagePath, slow);
  });

  test("gives per-state runs, failure rate, retries and durations, its failure groups and its trend", async ({
    page,
  }) => {
    await page.goto(`${pagePath}?tab=states&range=all`);
    const charge = page.locator('[data-testid="state-figures-row"][data-state="ChargeCard"]');
    const cells = charge.getByRole("cell");
    await expect(cells.nth(1)).toHaveText("2"); // runs
    await expect(cells.nth(2)).toHaveText("100.0%"); // both failed
    await expect(cells.nth(4)).toHaveText("4"); // two retries in each
    const validate = page.locator('[data-testid="state-figures-row"][data-state="ValidateOrder"]').getByRole("cell");
    await expect(validate.nth(2)).toHaveText("0.0%");
    await expect(page.getByTestId("state-figures-coverage")).toContainText("all 2 executions");

    const tabs = page.getByRole("navigation", { name: "State machine" });
    await tabs.getByRole("link", { name: "Failures" }).click();
    await expect(page).toHaveURL(/tab=failures&range=all|range=all&tab=failures/, slow);
    const group = page.getByTestId("failure-group");
    await expect(group).toHaveCount(1);
    await expect(group).toContainText("Payment.CardDeclined");
    await expect(group.getByRole("cell").nth(1)).toHaveText("2");

    await tabs.getByRole("link", { name: "Trend" }).click();
    await expect(page.getByTestId("trend-totals")).toContainText("2 executions started, of which 2 failed", slow);
    await expect(page.getByTestId("status-chart")).toBeVisible();
  });

  test("refuses a bad link with the field at fault", async ({ page }) => {
    await page.goto(`${pagePath}?tab=nope`);
    await expect(page.locator("main").getByRole("alert")).toContainText("The link's tab is wrong");
  });
});

async function shoot(page: Page, name: string) {
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

for (const role of ["viewer", "admin"] as const) {
  test.describe(`screenshots as ${role}`, () => {
    test.use({ storageState: storageStateOf(role) });
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      for (const scheme of ["light", "dark"] as const) {
        test(`${width}×${height} ${scheme}`, async ({ page }) => {
          await page.setViewportSize({ width, height });
          await page.emulateMedia({ colorScheme: scheme });
          for (const tab of ["definition", "versions", "states"] as const) {
            await page.goto(`${pagePath}?tab=${tab}&range=all`);
            if (tab === "definition")
              await expect(page.getByTestId("execution-graph")).toHaveAttribute("data-ready", "true");
            // Nothing wider than the page.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow, `${tab} is wider than the window`).toBeLessThanOrEqual(0);
            await shoot(page, `state-machine-${tab}-${role}-${width}x${height}-${scheme}`);
          }
        });
      }
    }
  });
}
