import path from "node:path";
import { expect, test } from "@playwright/test";
import { ExecutionPage } from "./pages/execution-page";
import { ExecutionsPage } from "./pages/executions-page";

const fixture = path.join(__dirname, "fixtures", "checkout-card-declined.bundle.json");

test("an imported failed history is found by its error and opens on its root cause", async ({ page }) => {
  const list = new ExecutionsPage(page);
  await list.goto();
  await list.importFile(fixture);
  await expect(list.importReport).toContainText("stored failed execution (17 events)");

  await list.searchFor("CardDeclined");
  const row = list.row("e2e-card-declined-7731");
  await expect(row).toBeVisible();
  await expect(row).toContainText("Payment.CardDeclined");
  // Other specs share this database and may store their own declined cards: the search must keep
  // only executions whose error matches, whatever else is stored.
  const rows = list.table.locator("tbody").getByRole("row");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("CardDeclined");

  await row.getByRole("link", { name: "e2e-card-declined-7731" }).click();
  const execution = new ExecutionPage(page);
  await expect(execution.rootCause).toBeVisible();
  await expect(execution.rootCauseState).toHaveText("ChargeCard");
  await expect(execution.rootCauseError).toHaveText("Payment.CardDeclined");
  await expect(execution.rootCause).toContainText("insufficient_funds");

  await execution.tab("States").click();
  const charge = page.getByTestId("state-runs").getByRole("row").filter({ hasText: "ChargeCard" });
  await expect(charge.getByRole("cell").nth(0)).toHaveText(/Failed/);
  await expect(charge.getByRole("cell").nth(6)).toHaveText("2"); // two retries before it gave up

  await execution.tab("Events").click();
  await expect(page.getByTestId("event-count")).toHaveText("17 of 17 events");
});

test("importing the same history twice changes nothing", async ({ page }) => {
  const list = new ExecutionsPage(page);
  await list.goto();
  await list.importFile(fixture);
  await expect(list.importReport).toContainText("already stored");
});

test("a malformed file is refused with the place of the fault and the server stays up", async ({ page, request }) => {
  const res = await request.post("/api/import?name=broken.json", {
    data: '{"events": [{"id": 1, "type": "ExecutionStarted", "timestamp": "not a time", "previousEventId": 0}]}',
    headers: { "content-type": "application/json" },
  });
  expect(res.status()).toBe(422);
  const body = (await res.json()) as { error: { message: string } };
  expect(body.error.message).toContain("broken.json");
  expect(body.error.message).toContain("timestamp");
  const health = await request.get("/api/health");
  expect(health.ok()).toBe(true);
  await page.goto("/executions?q=not%20a%20time");
  await expect(page.getByText("No executions match these filters")).toBeVisible();
});

test("the demo source fills the dashboard on a first start", async ({ page }) => {
  await page.goto("/executions?source=demo&status=FAILED");
  await expect(page.getByTestId("executions-table").getByRole("row").nth(1)).toBeVisible();
  await page.goto("/sources");
  await expect(page.getByTestId("sources-table")).toContainText("demo");
});
