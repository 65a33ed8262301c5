import { expect, test, type Locator, type Page } from "@playwright/test";
import { ExecutionPage } from "./pages/execution-page";

/** The Local runs page: editor, live validation, Run. */
class LocalRunsPage {
  readonly definition: Locator;
  readonly input: Locator;
  readonly mockConfig: Locator;
  readonly testCase: Locator;
  readonly status: Locator;
  readonly errors: Locator;
  readonly run: Locator;
  readonly recent: Locator;

  constructor(private readonly page: Page) {
    this.definition = page.getByLabel("Definition (Amazon States Language)");
    this.input = page.getByLabel("Input (JSON)");
    this.mockConfig = page.getByLabel(/^Mock config/);
    this.testCase = page.getByLabel("Test case");
    this.status = page.getByTestId("definition-status");
    this.errors = page.getByTestId("definition-error");
    this.run = page.getByRole("button", { name: "Run" });
    this.recent = page.getByTestId("local-runs-table");
  }

  async goto(): Promise<void> {
    await this.page.goto("/local-runs");
    await expect(this.status).toHaveText("Valid definition");
  }

  async setDefinition(definition: unknown): Promise<void> {
    await this.definition.fill(JSON.stringify(definition, null, 2));
  }
}

function executionStatus(page: Page): Locator {
  return page.locator("dl [data-status]").first();
}

test("a definition error shows with its path; fixed, it runs and opens the succeeded execution", async ({ page }) => {
  const local = new LocalRunsPage(page);
  await local.goto();

  await local.setDefinition({ StartAt: "Hello", States: { Hello: { Type: "Pass", Next: "Nowhere" } } });
  // Two faults, as AWS names them: the missing target, and so no state that ends the run.
  await expect(local.errors).toHaveCount(2);
  await expect(local.errors.nth(1)).toContainText("Workflow has no terminal state");
  await expect(local.errors.first()).toHaveAttribute("data-path", "/States/Hello/Next");
  await expect(local.errors.first()).toContainText("/States/Hello/Next");
  await expect(local.errors.first()).toContainText("Nowhere");
  await expect(local.errors.first()).toContainText("(line 6)");
  await local.errors.first().getByRole("button", { name: "/States/Hello/Next" }).click();
  const selected = await local.definition.evaluate((el) => {
    const area = el as HTMLTextAreaElement;
    return area.value.slice(area.selectionStart, area.selectionEnd);
  });
  expect(selected).toBe('"Nowhere"');
  await expect(local.run).toBeDisabled();

  await local.setDefinition({
    StartAt: "Hello",
    States: { Hello: { Type: "Pass", Result: { hi: "there" }, End: true } },
  });
  await expect(local.status).toHaveText("Valid definition");
  await expect(local.errors).toHaveCount(0);
  await local.input.fill('{"who": "e2e"}');
  await local.run.click();

  await page.waitForURL(/\/executions\/arn/);
  await expect(executionStatus(page)).toHaveAttribute("data-status", "SUCCEEDED");
  const runPath = new URL(page.url()).pathname;

  await local.goto();
  // Newest first (other specs' runs below): row 0 is the column headers, row 1 this run.
  const newest = local.recent.getByRole("row").nth(1);
  await expect(newest).toContainText("Succeeded");
  const href = await newest.getByRole("link").first().getAttribute("href");
  expect(decodeURIComponent(href ?? "")).toBe(decodeURIComponent(runPath));
});

test("a definition ending in a Fail state opens a failed execution on its root cause", async ({ page }) => {
  const local = new LocalRunsPage(page);
  await local.goto();
  await local.setDefinition({
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Next: "Refuse" },
      Refuse: { Type: "Fail", Error: "Order.Rejected", Cause: "stock is empty for sku-42" },
    },
  });
  await expect(local.status).toHaveText("Valid definition");
  await local.run.click();

  await page.waitForURL(/\/executions\/arn/);
  await expect(executionStatus(page)).toHaveAttribute("data-status", "FAILED");
  const execution = new ExecutionPage(page);
  await expect(execution.rootCause).toBeVisible();
  await expect(execution.rootCauseState).toHaveText("Refuse");
  await expect(execution.rootCauseError).toHaveText("Order.Rejected");
  await expect(execution.rootCause).toContainText("stock is empty for sku-42");
});

test("the API refuses an invalid definition with 422 naming each path", async ({ request, baseURL }) => {
  const res = await request.post("/api/local-runs", {
    headers: { origin: baseURL ?? "" },
    data: {
      definition: JSON.stringify({ StartAt: "Missing", States: { A: { Type: "Pass", End: true } } }),
      input: "{}",
    },
  });
  expect(res.status()).toBe(422);
  const body = (await res.json()) as { error: { details: { path: string }[] } };
  expect(body.error.details.map((d) => d.path)).toContain("/StartAt");
});

test("a Task answered by a mock config test case retries, then its Catch ends the run as succeeded", async ({
  page,
}) => {
  const local = new LocalRunsPage(page);
  await local.goto();
  await local.setDefinition({
    StartAt: "Charge",
    States: {
      Charge: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: { FunctionName: "charge" },
        Retry: [{ ErrorEquals: ["Payment.Timeout"], MaxAttempts: 1, IntervalSeconds: 30 }],
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Refund" }],
        End: true,
      },
      Refund: { Type: "Pass", Result: "refunded", End: true },
    },
  });
  await local.mockConfig.fill(
    JSON.stringify({
      StateMachines: { Checkout: { TestCases: { TimesOut: { Charge: "ChargeTimesOut" } } } },
      MockedResponses: {
        ChargeTimesOut: { "0-1": { Throw: { Error: "Payment.Timeout", Cause: "the gateway did not answer" } } },
      },
    }),
  );
  await local.testCase.fill("TimesOut");
  await page.getByLabel("State machine name").fill("Checkout");
  await expect(local.status).toHaveText("Valid definition");
  await local.run.click();

  await page.waitForURL(/\/executions\/arn/);
  await expect(executionStatus(page)).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.locator("dl")).toContainText("Checkout");
  await new ExecutionPage(page).tab("States").click();
  const charge = page.getByTestId("state-runs").getByRole("row").filter({ hasText: "Charge" });
  await expect(charge.getByRole("cell").nth(6)).toHaveText("1"); // one retry before the Catch
});

test("a picked starter runs with its mock config: retries, then the Catch fails the order", async ({ page }) => {
  const local = new LocalRunsPage(page);
  await local.goto();
  await page.getByLabel("Start from").selectOption({ label: "Charge: a Task that retries, then a Catch" });
  await expect(local.testCase).toHaveValue("GatewayDown");
  await expect(local.status).toHaveText("Valid definition");
  await local.run.click();

  await page.waitForURL(/\/executions\/arn/);
  await expect(executionStatus(page)).toHaveAttribute("data-status", "FAILED");
  const execution = new ExecutionPage(page);
  // The root cause is the Task's own error that the Catch turned into the Fail state.
  await expect(execution.rootCauseState).toHaveText("Charge");
  await expect(execution.rootCauseError).toHaveText("Payment.Timeout");
});

test("a mock config without the named test case is refused with its path", async ({ page }) => {
  const local = new LocalRunsPage(page);
  await local.goto();
  await local.mockConfig.fill(JSON.stringify({ StateMachines: { local: { TestCases: {} } }, MockedResponses: {} }));
  await local.testCase.fill("Missing");
  await local.run.click();
  await expect(page.getByTestId("run-refused")).toContainText(
    "/mockConfig/StateMachines/local/TestCases/Missing does not exist",
  );
  await expect(page).toHaveURL(/\/local-runs$/);
});
