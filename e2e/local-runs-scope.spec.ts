import { expect, test, type Page } from "@playwright/test";

/** The Overview's executions total, as its tile shows it. */
async function total(page: Page): Promise<number> {
  return Number((await page.getByTestId("stat-total").locator("div").nth(1).innerText()).replace(/,/g, ""));
}

test("local runs stay out of the Overview until asked for, and the page says what it counts", async ({ page }) => {
  // A local run of a state machine of its own: it must not show as production.
  const definition = { StartAt: "Boom", States: { Boom: { Type: "Fail", Error: "Scratch.Failed", Cause: "trying" } } };
  const res = await page.request.post("/api/local-runs", {
    data: { definition: JSON.stringify(definition), stateMachineName: "e2e-scratch-scope" },
  });
  expect(res.status()).toBe(200);

  await page.goto("/?range=all");
  await expect(page.getByTestId("analytics-scope")).toHaveText(
    "AWS, imported and demo executions; local runs excluded",
  );
  await expect(page.getByTestId("overview-machines")).not.toContainText("e2e-scratch-scope");
  const production = await total(page);

  // The box is controlled by the URL: a click goes to ?include=local, which renders it checked
  // (a click before the page hydrated is lost, so it is tried again).
  await expect(async () => {
    await page.getByTestId("include-local").click();
    await expect(page).toHaveURL(/[?&]include=local(&|$)/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("include-local")).toBeChecked();
  await expect(page.getByTestId("analytics-scope")).toContainText("local runs");
  await expect(page.getByTestId("overview-machines")).toContainText("e2e-scratch-scope");
  expect(await total(page)).toBeGreaterThan(production);

  // Failures: the local run's error is no production failure group.
  await page.goto("/failures?range=all");
  await expect(page.getByTestId("analytics-scope")).toContainText("local runs excluded");
  await expect(page.getByTestId("failure-groups")).not.toContainText("Scratch.Failed");
  await page.goto("/failures?range=all&include=local");
  await expect(page.getByTestId("failure-groups")).toContainText("Scratch.Failed");

  // State machines: counted apart.
  await page.goto("/state-machines");
  await expect(page.getByTestId("state-machines-scope")).toContainText("local runs excluded");
  const row = page.getByRole("row").filter({ hasText: "e2e-scratch-scope" });
  await expect(row.getByTestId("local-runs")).toHaveText(/^[1-9]/);
});

test("the executions list shows a failure's root-cause error and its final error", async ({ page }) => {
  // Demo order-processing: a declined card is caught and the order fails as Order.PaymentFailed.
  await page.goto("/executions?stateMachine=order-processing&status=FAILED");
  const cell = page
    .getByTestId("execution-error")
    .filter({ hasText: "Order.PaymentFailed" })
    .filter({ hasText: "→" })
    .first();
  await expect(cell).toContainText(/\S+ → Order\.PaymentFailed/);
  await expect(cell).toHaveAttribute("title", /^Root cause: .+\nFinal error of the execution: Order\.PaymentFailed/);
});
