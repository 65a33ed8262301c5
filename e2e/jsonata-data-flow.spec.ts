import { expect, test } from "@playwright/test";
import { ExecutionPage } from "./pages/execution-page";

test.use({ viewport: { width: 1440, height: 1000 } });

test("a JSONata Task's Arguments and Output are re-evaluated over the variables earlier states assigned, each variable with the state that assigned it", async ({
  page,
}) => {
  // The demo's JSONata example (trial-reminder): StartTrial assigns $accountId, $plan and $reminders; CheckUsage reads them.
  await page.goto("/executions?source=demo&stateMachine=trial-reminder&status=SUCCEEDED");
  await page.getByTestId("executions-table").locator("tbody tr").first().getByRole("link").first().click();
  await page.waitForURL(/\/executions\/arn/);
  await page.goto(`${page.url().split("?")[0]}?tab=graph&state=CheckUsage`);
  const ex = new ExecutionPage(page);
  await ex.waitForGraph();
  const flow = ex.stateDetail.getByTestId("data-flow");
  await expect(flow).toContainText("Data flow (JSONata)");
  await expect(flow.locator('[data-testid="data-flow-recheck"][data-field="Arguments"]')).toHaveAttribute(
    "data-outcome",
    "same",
  );
  await expect(flow.locator('[data-testid="data-flow-recheck"][data-field="Output"]')).toHaveAttribute(
    "data-outcome",
    "same",
  );
  const seen = flow.getByTestId("variables-seen");
  await expect(seen.locator('tr[data-variable="accountId"]')).toHaveAttribute("data-assigned-by", "StartTrial");
  await expect(seen.locator('tr[data-variable="accountId"]')).toContainText("from StartTrial");
  await expect(seen.locator("tr")).toHaveCount(3);

  // The first state saw no variables: nothing had been assigned yet.
  await ex.graphState("StartTrial").focus();
  await page.keyboard.press("Enter");
  await expect(ex.stateDetail.getByTestId("state-detail-name")).toHaveText("StartTrial");
  await expect(ex.stateDetail.getByTestId("data-flow")).toBeVisible();
  await expect(ex.stateDetail.getByTestId("variables-seen")).toHaveCount(0);
  await expect(ex.stateDetail.getByTestId("assigned-variables")).toContainText("$reminders");
});
