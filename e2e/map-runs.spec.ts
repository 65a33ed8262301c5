import { expect, test } from "@playwright/test";
import { buildExecutionHistory } from "../test/builders/execution-history";
import { addExecutionsToFake, addMapRunToFake } from "../test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "../test/fake-aws/fake-aws-server";

// A Distributed Map execution in a fake AWS account: the sync reads its Map Run
// (ListMapRuns, DescribeMapRun) and its child executions; the page shows the counts.
let fake: FakeAws;
const stamp = Date.now();
const machine = `FanoutE2E${stamp}`;

test.beforeAll(async () => {
  fake = await startFakeAws();
  const start = Date.now() - 3_600_000;
  const [parent] = addExecutionsToFake(fake.state, [
    buildExecutionHistory({
      name: "fanout-1",
      tasks: 2,
      stateMachineName: machine,
      startDate: new Date(start).toISOString(),
    }).parsed,
  ]);
  addMapRunToFake(
    fake.state,
    parent!,
    "ProcessItems",
    [0, 1, 2].map(
      (i) =>
        buildExecutionHistory({
          name: `item-${i}`,
          tasks: 1,
          status: i === 2 ? "FAILED" : "SUCCEEDED",
          stateMachineName: `${machine}/ProcessItems`,
          startDate: new Date(start + 20 + i).toISOString(),
        }).parsed,
    ),
  );
});
test.afterAll(async () => {
  await fake?.close();
});

test("a Distributed Map execution shows its Map Run's status and child execution counts", async ({ page }) => {
  const name = `fanout-aws-${stamp}`;
  const created = await page.request.post("/api/sources", {
    data: { name, region: "us-east-1", accountId: "123456789012", endpoint: fake.url, settings: {} },
  });
  expect(created.status(), await created.text()).toBe(200);
  await page.goto("/sources");
  const source = page.getByTestId(`aws-source-${name}`);
  await source.getByRole("button", { name: "Sync now" }).click();
  // The parent and its three children.
  await expect(source).toContainText("4 stored", { timeout: 45_000 });

  await page.goto(`/executions?source=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name: "fanout-1", exact: true }).click();
  const strip = page.getByTestId("map-runs");
  const run = strip.locator('[data-map-run="ProcessItems"]');
  await expect(run).toContainText("Map Run ProcessItems");
  await expect(run.locator('[data-status="SUCCEEDED"]')).toContainText("Succeeded");
  await expect(run).toContainText("child executions 3");
  await expect(run.locator('[data-count="succeeded"]').last()).toHaveText(/2 succeeded/);
  await expect(run.locator('[data-count="failed"]').last()).toHaveText(/1 failed/);
  await expect(run).toContainText("3 children stored here");
  // The role it ran as, linked to the IAM console.
  await expect(page.getByTestId("iam-role")).toHaveAttribute(
    "href",
    `https://console.aws.amazon.com/iam/home#/roles/details/${machine}`,
  );

  // The children, listed from the strip, with the filter shown and clearable.
  await run.getByTestId("map-run-children").click();
  await expect(page.getByRole("link", { name: /^item-\d$/ })).toHaveCount(3);
  const chip = page.getByTestId("filter-chip");
  await expect(chip).toContainText("Child executions of fanout-1");
  await chip.getByRole("button", { name: /Clear filter/ }).click();
  await expect(page.getByTestId("filter-chip")).toHaveCount(0);
  await expect(page).not.toHaveURL(/parent=/);

  // A child links back to its parent.
  await page.goto(`/executions?source=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name: "item-2", exact: true }).click();
  await expect(page.getByTestId("parent-execution")).toHaveText("fanout-1");
  await page.getByTestId("parent-execution").click();
  await expect(page.getByTestId("map-runs")).toBeVisible();
});
