import { expect, test, type APIRequestContext } from "@playwright/test";
import { buildExecutionHistory } from "../test/builders/execution-history";
import { addExecutionsToFake } from "../test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "../test/fake-aws/fake-aws-server";
import { storageStateOf } from "./helpers/accounts";

// An AWS source pointed at a fake AWS started by this spec: the server redrives through the real SDK client.
let fake: FakeAws;
let failedArn: string;
let bulkMachine: string;
const executionPath = (arn: string) => `/executions/${encodeURIComponent(arn)}`;

async function syncSource(request: APIRequestContext, name: string, endpoint: string): Promise<void> {
  const created = await request.post("/api/sources", {
    data: { name, region: "us-east-1", accountId: "123456789012", endpoint, settings: {} },
  });
  expect(created.status(), await created.text()).toBe(200);
  const { id } = (await created.json()) as { id: number };
  const sync = await request.post(`/api/sources/${id}/sync`);
  expect(sync.status(), await sync.text()).toBeLessThan(300);
  await expect
    .poll(
      async () => {
        const { sources } = (await (await request.get("/api/sources")).json()) as {
          sources: {
            id: number;
            state: string;
            executions: number;
            lastSyncAt: string | null;
            lastError: string | null;
          }[];
        };
        const source = sources.find((s) => s.id === id);
        return source && source.state !== "RUNNING" && source.lastSyncAt ? source : null;
      },
      { timeout: 30_000 },
    )
    .toMatchObject({ executions: 4, lastError: null });
}

test.beforeAll(async ({ browser }) => {
  fake = await startFakeAws();
  // A state machine of its own each time (a retried worker runs this again on the same server).
  // Closed an hour ago: inside AWS's 14-day redrive window by the server's clock.
  const start = new Date(Date.now() - 2 * 3_600_000).toISOString();
  const stamp = Date.now();
  bulkMachine = `OperateBulkE2E${stamp}`;
  const [failed] = addExecutionsToFake(fake.state, [
    buildExecutionHistory({
      name: "order-e2e-1",
      status: "FAILED",
      tasks: 3,
      stateMachineName: `OperateE2E${stamp}`,
      startDate: start,
    }).parsed,
    ...[1, 2].map(
      (i) =>
        buildExecutionHistory({
          name: `bulk-e2e-${i}`,
          status: "FAILED",
          tasks: 2,
          stateMachineName: bulkMachine,
          startDate: start,
        }).parsed,
    ),
    buildExecutionHistory({
      name: "bulk-e2e-ok",
      status: "SUCCEEDED",
      tasks: 2,
      stateMachineName: bulkMachine,
      startDate: start,
    }).parsed,
  ]);
  failedArn = failed!.executionArn;
  const admin = await browser.newContext({ storageState: storageStateOf("admin") });
  await syncSource(admin.request, `fake-operate-${Date.now()}`, fake.url);
  await admin.close();
});
test.afterAll(async () => {
  await fake.close();
});

test.describe("operator", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("redrives a failed AWS execution from its page and sees the new attempt", async ({ page }) => {
    await page.goto(executionPath(failedArn));
    const actions = page.getByTestId("execution-actions");
    await expect(actions.getByRole("button", { name: "Stop" })).toHaveAttribute("aria-disabled", "true");
    await actions.getByRole("button", { name: "Redrive" }).click();
    const confirm = page.getByTestId("action-confirm");
    await expect(confirm).toContainText("AWS restarts it from the state that failed");
    await confirm.getByRole("button", { name: "Redrive" }).click();

    await expect(page.getByTestId("action-result")).toHaveText(
      "Redriven: the new attempt follows ExecutionRedriven in the history.",
    );
    expect(fake.state.executions.find((e) => e.executionArn === failedArn)?.redriveCount).toBe(1);
    await expect(page.locator('[data-status="SUCCEEDED"]').first()).toBeVisible();
    await expect(page.getByText("redriven ×1")).toBeVisible();
    await page.goto(`${executionPath(failedArn)}?tab=events`);
    // The old attempt's end, then the new attempt after ExecutionRedriven.
    const types = page.getByRole("cell", { name: /^Execution(Failed|Redriven|Succeeded)$/ });
    await expect(types).toHaveText([/ExecutionFailed$/, /ExecutionRedriven$/, /ExecutionSucceeded$/]);

    // Now succeeded: a second redrive is refused with its reason.
    await page.goto(executionPath(failedArn));
    const redrive = page.getByTestId("execution-actions").getByRole("button", { name: "Redrive" });
    await expect(redrive).toHaveAttribute("aria-disabled", "true");
    // aria-disabled, not disabled: a click still opens the reasons (Playwright's actionability check would refuse it).
    await redrive.click({ force: true });
    await expect(page.getByTestId("action-not-allowed")).toContainText(
      "The execution succeeded: there is nothing to redrive",
    );
  });
});

test.describe("operator, bulk", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("redrives the filtered failed executions in bulk: dry run, confirm, progress to done", async ({ page }) => {
    await page.goto(`/executions?stateMachine=${bulkMachine}`);
    await page.getByRole("button", { name: "Bulk action" }).click();
    const dialog = page.getByTestId("bulk-action-dialog");
    await expect(dialog.getByTestId("bulk-dry-run")).toContainText("2 of 3 selected executions can be redriven");
    await expect(dialog.getByTestId("bulk-dry-run")).toContainText(
      "1 not: The execution succeeded: there is nothing to redrive",
    );
    await dialog.getByRole("button", { name: "Start redrive" }).click();
    await expect(dialog.getByTestId("bulk-progress")).toContainText("Done · 2/2 (100%) · 2 ok", { timeout: 30_000 });
    const redriven = fake.state.executions.filter((e) => e.stateMachineArn.endsWith(`:${bulkMachine}`));
    expect(redriven.map((e) => [e.name, e.redriveCount]).sort()).toEqual([
      ["bulk-e2e-1", 1],
      ["bulk-e2e-2", 1],
      ["bulk-e2e-ok", 0],
    ]);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("sees no action buttons and gets 403 calling the route anyway", async ({ page }) => {
    await page.goto(executionPath(failedArn));
    await expect(page.getByTestId("execution-actions")).toBeAttached();
    await expect(page.getByRole("button", { name: "Redrive" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Replay" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Stop" })).toHaveCount(0);
    const refused = await page.request.post(`/api/executions/${encodeURIComponent(failedArn)}/redrive`, { data: {} });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("this needs operator");
    await page.goto("/executions");
    await expect(page.getByRole("button", { name: "Bulk action" })).toHaveCount(0);
  });
});
