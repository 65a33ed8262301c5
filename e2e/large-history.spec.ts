import { expect, test } from "@playwright/test";
import { generateLargeHistory } from "@/lib/examples/generate-large-history";
import { executionHref } from "@/lib/format/execution-href";
import { toBundle } from "./helpers/to-bundle";

test("a 25,000-event history opens, lists every event virtualized, and scrolls to its last event", async ({
  page,
  request,
}) => {
  const parsed = await generateLargeHistory({
    seed: 7,
    targetEvents: 25_000,
    startedAt: new Date("2026-11-20T08:00:00Z"),
    outcome: "FAILED",
  });
  const total = parsed.events.length;
  const res = await request.post("/api/import?name=large.json", {
    data: toBundle(parsed),
    headers: { "content-type": "application/json" },
  });
  expect(res.status()).toBe(200);

  await page.goto(`${executionHref(parsed.identity.executionArn)}?tab=events`);
  await expect(page.getByTestId("event-count")).toHaveText(
    `${total.toLocaleString("en")} of ${total.toLocaleString("en")} events`,
  );
  // Virtualized: only the rows in view (plus overscan) are in the DOM.
  const rendered = await page.getByTestId("event-scroller").getByRole("row").count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(200);

  await page.getByTestId("event-scroller").evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const last = parsed.events[total - 1]!;
  const lastRow = page
    .getByTestId("event-scroller")
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: String(last.id), exact: true }) });
  await expect(lastRow).toBeVisible();
  await expect(lastRow).toContainText(last.type);
  await expect(page.getByTestId("root-cause")).toBeVisible();
});
