import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { ExecutionsPage } from "./pages/executions-page";

const shots = process.env["E2E_SCREENSHOT_DIR"] ?? path.join(__dirname, ".output-query", "screenshots");

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

test("the export downloads every execution the list selects, with its query and filters, as CSV and JSON Lines", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const list = new ExecutionsPage(page);
  const q = 'status = "FAILED"';
  await list.goto(`?source=demo&sort=name&order=asc&q=${encodeURIComponent(q)}`);
  const rows = list.table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const shown = await rows.count();
  const csvLink = page.getByRole("link", { name: "CSV", exact: true });
  const href = (await csvLink.getAttribute("href")) ?? "";
  expect(new URL(href, "http://x").searchParams.get("q")).toBe(q);
  expect(new URL(href, "http://x").searchParams.get("source")).toBe("demo");
  const [csv] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
  expect(csv.suggestedFilename()).toMatch(/^executions-.*\.csv$/);
  const records = parse(await readFile((await csv.path())!, "utf8"), { columns: true }) as Record<string, string>[];
  expect(records.length).toBe(shown);
  for (const r of records) expect(r["status"]).toBe("FAILED");
  // The list's order (name, ascending) is the file's.
  expect(records.map((r) => r["name"])).toEqual([...records.map((r) => r["name"]!)].sort());
  const [jsonl] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "JSON Lines", exact: true }).click(),
  ]);
  const lines = (await readFile((await jsonl.path())!, "utf8")).trimEnd().split("\n");
  expect(lines.map((l) => (JSON.parse(l) as { executionArn: string }).executionArn)).toEqual(
    records.map((r) => r["executionArn"]),
  );
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await page.reload();
      await expect(rows.first()).toBeVisible();
      await page.screenshot({ path: path.join(shots, `executions-export-${w}-${scheme}.png`) });
    }
  }
});

test("the search box offers version, alias and relative dates", async ({ page }) => {
  test.setTimeout(180_000);
  const list = new ExecutionsPage(page);
  await list.goto("?source=demo");
  const completions = page.getByRole("listbox", { name: "Completions" });
  await list.search.click();
  await list.search.pressSequentially("ver");
  await expect(completions.getByRole("option")).toHaveText([/^version/]);
  await list.search.fill("");
  await list.search.pressSequentially("al");
  await expect(completions.getByRole("option")).toHaveText([/^alias/]);
  await list.search.fill("");
  await list.search.pressSequentially("startDate > ");
  await expect(completions.getByRole("option")).toHaveText([/^now-1h/, /^now-24h/, /^now-7d/]);
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      // The page takes the scheme when it loads: reload, then open the completions again.
      await page.reload();
      await list.search.click();
      await list.search.fill("");
      await list.search.pressSequentially("startDate > ");
      await expect(completions.getByRole("option").first()).toBeVisible();
      await page.screenshot({ path: path.join(shots, `executions-completion-${w}-${scheme}.png`) });
    }
  }
});
