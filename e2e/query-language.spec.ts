import { expect, test } from "@playwright/test";
import { ExecutionsPage } from "./pages/executions-page";

// The demo source (the bundled examples, run at first start) has failed order-processing executions.
test("the search box completes a query, runs it through the URL, and keeps it on reload", async ({ page }) => {
  const list = new ExecutionsPage(page);
  await list.goto("?source=demo");
  await list.search.click();
  await list.search.pressSequentially("stat");
  const completions = page.getByRole("listbox", { name: "Completions" });
  await expect(completions.getByRole("option").first()).toContainText("status");
  await list.search.press("Tab");
  await expect(list.search).toHaveValue("status ");
  await list.search.pressSequentially('= "FA');
  await expect(completions.getByRole("option")).toHaveText([/^FAILED/]);
  await list.search.press("ArrowDown");
  await list.search.press("Enter");
  await expect(list.search).toHaveValue('status = "FAILED" ');
  await list.search.pressSequentially('AND stateMachine = "order-processing"');
  await list.search.press("Enter");
  await expect(page).toHaveURL(/q=status\+%3D\+%22FAILED%22\+AND\+stateMachine/);
  const rows = list.table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toMatch(/Failed/i);
  await page.reload();
  await expect(list.search).toHaveValue('status = "FAILED" AND stateMachine = "order-processing"');
});

test("a wrong expression shows its error at the column and is not run", async ({ page }) => {
  const list = new ExecutionsPage(page);
  await list.goto("?source=demo");
  await list.search.fill('status = "FAILED" AND stauts = "x"');
  const error = page.getByRole("alert").filter({ hasText: "column 23" });
  await expect(error).toContainText("column 23: unknown field 'stauts'");
  await list.search.press("Enter");
  await expect(page).not.toHaveURL(/q=/);
  // The same expression in a link: the box shows it with its error, and the API's 422 names the column
  // (after TanStack Query's retries).
  await list.goto(`?q=${encodeURIComponent('status = "FAILED" AND stauts = "x"')}`);
  await expect(list.search).toHaveValue('status = "FAILED" AND stauts = "x"');
  await expect(page.getByText("q: column 23: unknown field 'stauts'").first()).toBeVisible({ timeout: 30_000 });
});
