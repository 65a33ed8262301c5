import { expect, test } from "@playwright/test";
import { ExecutionPage } from "./pages/execution-page";

// The demo source is the bundled examples (lib/examples) run in the interpreter at first start.
test("the bundled examples fill the demo: a declined order opens on the charge that failed, not on the Fail state", async ({
  page,
}) => {
  await page.goto("/executions?source=demo&stateMachine=order-processing&status=FAILED&q=Order.PaymentFailed");
  const row = page.getByTestId("executions-table").locator("tbody tr").first();
  await expect(row).toContainText("Order.PaymentFailed");
  await row.getByRole("link").first().click();
  const execution = new ExecutionPage(page);
  await expect(execution.rootCauseState).toHaveText("ChargeCard");
  await expect(execution.rootCauseError).toHaveText("Payment.Declined");
});

test("the JSONata example waited three days and kept its variables", async ({ page }) => {
  await page.goto("/executions?source=demo&stateMachine=trial-reminder&status=SUCCEEDED");
  await page.getByTestId("executions-table").locator("tbody tr").first().getByRole("link").first().click();
  await page.waitForURL(/\/executions\/arn/);
  await page.goto(`${page.url().split("?")[0]}?tab=events`);
  const events = page.getByTestId("event-scroller");
  const timeOf = async (type: string) =>
    Date.parse(
      (await events
        .getByRole("row", { name: new RegExp(` ${type}`) })
        .first()
        .locator("time")
        .getAttribute("datetime")) ?? "",
    );
  // A three-day Wait on the virtual clock: entered and left three days apart, stored in no time.
  expect((await timeOf("WaitStateExited")) - (await timeOf("WaitStateEntered"))).toBe(3 * 86_400_000);
  // The variables the Pass state assigned are in its exit event.
  await events
    .getByRole("button", { name: / PassStateExited$/ })
    .first()
    .click();
  await expect(events).toContainText("assignedVariables");
  await expect(events).toContainText("reminders");

  // The Events tab's filters live in the URL: a filtered list survives a reload (and a shared link).
  await page.getByLabel("Event type").selectOption("WaitStateExited");
  await expect(page).toHaveURL(/eventType=WaitStateExited/);
  const count = await page.getByTestId("event-count").innerText();
  expect(count).toMatch(/^[12] of \d+ events$/);
  await page.reload();
  await expect(page.getByLabel("Event type")).toHaveValue("WaitStateExited");
  await expect(page.getByTestId("event-count")).toHaveText(count);
});
