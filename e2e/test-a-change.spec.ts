import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { storageStateOf } from "./helpers/accounts";
import { findLayoutFaults } from "./helpers/find-layout-faults";

// The checkout state machine of test/fixtures/regression and its three recorded executions (one
// bundle each under one eu-west-1 ARN), replayed from its page against a changed Choice.
const fixtures = path.join(__dirname, "..", "test", "fixtures", "regression");
const MACHINE = "e2e-test-change";
const ARN = `arn:aws:states:eu-west-1:123456789012:stateMachine:${MACHINE}`;
const pagePath = `/state-machines/${encodeURIComponent(ARN)}?tab=test&range=all`;
const slow = { timeout: 60_000 };
const shots = process.env["E2E_SCREENSHOT_DIR"] ?? path.join(__dirname, ".output-test-a-change");
const read = (file: string) => readFileSync(path.join(fixtures, file), "utf8");

function bundleOf(name: string, events: { type: string; executionStartedEventDetails?: { input: string } }[]): string {
  return JSON.stringify({
    execution: {
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:${MACHINE}:${name}`,
      stateMachineArn: ARN,
      name,
    },
    stateMachine: { stateMachineArn: ARN, name: MACHINE, type: "STANDARD", definition: read("checkout.asl.json") },
    events,
  });
}

async function importRecordings(request: APIRequestContext) {
  const large = JSON.parse(read("recorded/order-large.bundle.json")) as { events: never[] };
  for (const [name, events] of [
    ["e2e-order-small", (JSON.parse(read("recorded/order-small.json")) as { events: never[] }).events],
    ["e2e-order-declined", (JSON.parse(read("recorded/order-declined.json")) as { events: never[] }).events],
    ["e2e-order-large", large.events],
  ] as const) {
    const res = await request.post(`/api/import?name=${name}.json`, {
      data: bundleOf(name, events),
      headers: { "content-type": "application/json" },
    });
    expect(res.ok(), await res.text()).toBe(true);
  }
}

test.describe("Test a change on a state machine's page", () => {
  test.beforeAll(async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL: baseURL!, storageState: storageStateOf("admin") });
    await importRecordings(request);
    await request.dispose();
  });

  test("replays the newest executions against a changed Choice and links each comparison", async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(pagePath);
    const editor = page.getByTestId("test-change-definition");
    await expect(editor).toHaveValue(/"NumericGreaterThan": 100/, slow);
    await editor.fill(read("checkout.choice-changed.asl.json"));
    await page.getByTestId("test-change-run").click();
    const rows = page.getByTestId("test-change-results").locator("tbody tr");
    await expect(rows).toHaveCount(3, slow);
    await expect(page.getByTestId("test-change-summary")).toContainText("3 replayed: 2 unchanged, 1 changed");
    const changed = rows.filter({ hasText: "e2e-order-large" });
    await expect(changed.locator("[data-verdict]")).toHaveAttribute("data-verdict", "changed");
    await expect(changed).toContainText(
      "path diverges at step 3: AutoApprove SUCCEEDED instead of ManualReview SUCCEEDED",
    );
    await expect(changed).toContainText('output: /approval/approvedBy "alice" → "rule"');
    await expect(rows.filter({ hasText: "e2e-order-small" }).locator("[data-verdict]")).toHaveAttribute(
      "data-verdict",
      "unchanged",
    );

    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      expect(await findLayoutFaults(page), `${size.width}×${size.height}`).toEqual([]);
      await mkdir(shots, { recursive: true });
      for (const theme of ["light", "dark"] as const) {
        await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), theme === "dark");
        await page.screenshot({ path: path.join(shots, `test-a-change-${size.width}-${theme}.png`), fullPage: true });
      }
    }
    await page.evaluate(() => document.documentElement.classList.remove("dark"));

    await changed.getByRole("link", { name: "Compare" }).click();
    await expect(page).toHaveURL(/tab=compare&with=/, slow);
    await expect(page.getByTestId("compare-panel")).toContainText("ManualReview", slow);
  });

  test("refuses an invalid definition naming the path of the fault", async ({ page }) => {
    await page.goto(pagePath);
    await page.getByTestId("test-change-definition").fill(JSON.stringify({ StartAt: "Nowhere", States: {} }));
    await page.getByTestId("test-change-run").click();
    await expect(page.getByTestId("test-change-error")).toContainText("/definition", slow);
  });

  test("shows viewers the tab without the run button working", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf("viewer") });
    const page = await context.newPage();
    await page.goto(pagePath);
    await expect(page.getByTestId("test-change-run")).toBeDisabled(slow);
    await expect(page.getByText("Operators and admins can run a test.")).toBeVisible();
    await context.close();
  });
});
