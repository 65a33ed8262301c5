import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { executionHref } from "@/lib/format/execution-href";
import { storageStateOf } from "./helpers/accounts";
import { findLayoutFaults } from "./helpers/find-layout-faults";

const shots = process.env["E2E_SCREENSHOT_DIR"] ?? path.join(__dirname, ".output-replay-local");

/** The "Replay locally" dialog of an execution page. */
class ReplayLocallyDialog {
  readonly open: Locator;
  readonly dialog: Locator;
  readonly editDefinition: Locator;
  readonly definition: Locator;
  readonly errors: Locator;
  readonly replay: Locator;

  constructor(page: Page) {
    this.open = page.getByTestId("replay-locally-open");
    this.dialog = page.getByTestId("replay-locally-dialog");
    this.editDefinition = this.dialog.getByLabel("Edit the definition");
    this.definition = this.dialog.getByLabel("Definition (Amazon States Language)");
    this.errors = this.dialog.getByTestId("definition-error");
    this.replay = this.dialog.getByRole("button", { name: "Replay" });
  }
}

/** The recorded checkout (ValidateOrder, then ChargeCard declined three times) under this spec's own name. */
function checkoutBundle(): {
  arn: string;
  text: string;
  definition: { States: Record<string, Record<string, unknown>> };
} {
  const text = readFileSync(path.join(__dirname, "fixtures", "checkout-card-declined.bundle.json"), "utf8");
  const bundle = JSON.parse(text) as {
    execution: { executionArn: string; name: string };
    stateMachine: { definition: string };
  };
  bundle.execution.name = "e2e-card-declined-replay";
  bundle.execution.executionArn = bundle.execution.executionArn.replace(/[^:]+$/, bundle.execution.name);
  return {
    arn: bundle.execution.executionArn,
    text: JSON.stringify(bundle),
    definition: JSON.parse(bundle.stateMachine.definition) as never,
  };
}

test.use({ storageState: storageStateOf("operator") });

test("an operator replays a failed execution locally with a Catch added and sees where and how the replay differs", async ({
  page,
}) => {
  const { arn, text, definition } = checkoutBundle();
  const imported = await page.request.post("/api/import?name=checkout-replay.bundle.json", {
    data: text,
    headers: { "content-type": "application/json" },
  });
  expect(imported.status(), await imported.text()).toBe(200);

  await page.goto(executionHref(arn));
  const replay = new ReplayLocallyDialog(page);
  await replay.open.click();
  await expect(replay.dialog).toBeVisible();
  await replay.editDefinition.check();
  await expect(replay.definition).toHaveValue(/"ChargeCard"/);

  // A typo first: the dialog names the path and refuses to run.
  const fixed = {
    ...definition,
    States: {
      ...definition.States,
      ChargeCard: {
        ...definition.States["ChargeCard"],
        Catch: [{ ErrorEquals: ["Payment.CardDeclined"], ResultPath: "$.declined", Next: "AskForAnotherCard" }],
      },
      AskForAnotherCard: { Type: "Pass", Result: { action: "ask-for-another-card" }, ResultPath: "$.next", End: true },
    },
  };
  const typo = {
    ...fixed,
    States: {
      ...fixed.States,
      ChargeCard: {
        ...fixed.States.ChargeCard,
        Catch: [{ ErrorEquals: ["Payment.CardDeclined"], Next: "AskForAnotherCrd" }],
      },
    },
  };
  await replay.definition.fill(JSON.stringify(typo, null, 2));
  await expect(replay.errors.first()).toHaveAttribute("data-path", "/definition/States/ChargeCard/Catch/0/Next");
  await expect(replay.replay).toBeDisabled();

  await replay.definition.fill(JSON.stringify(fixed, null, 2));
  await expect(replay.errors).toHaveCount(0);
  await replay.replay.click();

  // Lands on the replay's Compare tab, beside the original.
  await page.waitForURL((url) => url.searchParams.get("tab") === "compare" && url.searchParams.get("with") === arn);
  expect(decodeURIComponent(new URL(page.url()).pathname)).toMatch(
    /:execution:checkout:e2e-card-declined-replay-replay-[0-9a-f]{8}$/,
  );
  // ChargeCard is caught now (FAILED in the original), and the replay goes on to AskForAnotherCard.
  await expect(page.getByTestId("compare-divergence")).toContainText("The paths diverge at step 2.");
  await expect(page.getByTestId("compare-first-divergence")).toContainText("ChargeCard");
  await expect(page.getByTestId("compare-outcome-differences")).toContainText("ChargeCard: CAUGHT → FAILED");
  await expect(page.getByTestId("compare-outcome-differences")).toContainText(
    "AskForAnotherCard: SUCCEEDED → not reached",
  );
  await expect(page.getByTestId("compare-outcome-left")).toContainText("succeeded");
  await expect(page.getByTestId("compare-outcome-right")).toContainText("failed");
  await expect(page.getByTestId("compare-outcome-right")).toContainText("Payment.CardDeclined");
  await expect(page.getByTestId("compare-output-diff")).toBeVisible();
  await expect(page.getByTestId("compare-input-diff")).toHaveCount(0);
});

test("an operator redrives a failed local run in the interpreter with a mock answering the failed Task", async ({
  page,
}) => {
  const definition = {
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Result: { order: 7 }, Next: "Charge" },
      Charge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:111111111111:function:charge", End: true },
    },
  };
  const mocks = (answer: unknown) =>
    JSON.stringify({
      StateMachines: { "e2e-redrive": { TestCases: { t: { Charge: "C" } } } },
      MockedResponses: { C: { "0": answer } },
    });
  const ran = await page.request.post("/api/local-runs", {
    data: {
      definition: JSON.stringify(definition),
      stateMachineName: "e2e-redrive",
      mockConfig: mocks({ Throw: { Error: "Declined" } }),
      testCase: "t",
    },
  });
  expect(ran.status(), await ran.text()).toBe(200);
  const { executionArn } = (await ran.json()) as { executionArn: string };

  await page.goto(executionHref(executionArn));
  await expect(page.locator("dl [data-status]").first()).toContainText("Failed");
  await page.getByTestId("redrive-locally-open").click();
  const dialog = page.getByTestId("redrive-locally-dialog");
  await dialog.getByLabel(/^Mock config/).fill(mocks({ Return: { charged: true } }));
  await dialog.getByLabel("Test case").fill("t");
  await dialog.getByRole("button", { name: "Redrive" }).click();

  await expect(page.getByTestId("redrive-locally-result")).toHaveText("Redrive 1: succeeded");
  await expect(page.locator("dl [data-status]").first()).toContainText("Succeeded");
  // The result, kept after the refresh, fits the page at both sizes and in both themes.
  await mkdir(shots, { recursive: true });
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    expect(await findLayoutFaults(page), `${size.width}×${size.height}`).toEqual([]);
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), theme === "dark");
      await page.screenshot({ path: path.join(shots, `redrive-locally-${size.width}-${theme}.png`) });
    }
  }
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  // Same execution, its history goes on: ExecutionRedriven is in its events.
  const history = await page.request.get(`/api/executions/${encodeURIComponent(executionArn)}/history`);
  expect(((await history.json()) as { events: { type: string }[] }).events.map((e) => e.type)).toContain(
    "ExecutionRedriven",
  );
});
