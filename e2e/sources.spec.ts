import { expect, test } from "@playwright/test";
import { buildExecutionHistory } from "../test/builders/execution-history";
import { addExecutionsToFake, expressLogMessages } from "../test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "../test/fake-aws/fake-aws-server";

// Fake AWS started by this spec; the server syncs from it through the real SDK clients.
let fake: FakeAws;
let denied: FakeAws;
const stamp = Date.now();
const standardMachine = `SourcesE2E${stamp}`;
const expressMachine = `SignupE2E${stamp}`;
const ACCOUNT = "123456789012";

test.beforeAll(async () => {
  fake = await startFakeAws();
  const start = Date.now() - 3_600_000;
  addExecutionsToFake(
    fake.state,
    Array.from(
      { length: 6 },
      (_, i) =>
        buildExecutionHistory({
          name: `order-${i}`,
          tasks: 4,
          status: i === 0 ? "FAILED" : "SUCCEEDED",
          stateMachineName: standardMachine,
          startDate: new Date(start + i * 60_000).toISOString(),
        }).parsed,
    ),
  );
  // An Express workflow logging errors only, without execution data: its histories are partial.
  const logGroup = `/aws/vendedlogs/states/${expressMachine}`;
  fake.state.stateMachines.push({
    stateMachineArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${expressMachine}`,
    name: expressMachine,
    type: "EXPRESS",
    definition: '{"StartAt":"Step1","States":{"Step1":{"Type":"Succeed"}}}',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`,
    creationDate: new Date("2024-01-01T00:00:00Z"),
    loggingConfiguration: {
      level: "ERROR",
      includeExecutionData: false,
      destinations: [
        { cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${logGroup}:*` } },
      ],
    },
  });
  const { events } = buildExecutionHistory({
    name: "signup-1",
    tasks: 3,
    status: "FAILED",
    startDate: new Date(start).toISOString(),
  }).parsed;
  const arn = `arn:aws:states:us-east-1:${ACCOUNT}:express:${expressMachine}:signup-1:00000001-aaaa-bbbb-cccc-dddddddddddd`;
  const logged = events.filter((e) => /Failed|ExecutionStarted/.test(e.type));
  fake.state.logGroups.set(
    logGroup,
    expressLogMessages(arn, logged).map((m) => ({ ...m, logStreamName: "stream-1" })),
  );
  // Slow history pages: the sync lasts long enough to watch its progress.
  fake.faults.push({ op: "GetExecutionHistory", kind: "slow", delayMs: 4_000, times: 6 });

  denied = await startFakeAws({ deniedActions: ["states:GetExecutionHistory"] });
  addExecutionsToFake(denied.state, [
    buildExecutionHistory({
      name: "denied-1",
      tasks: 2,
      stateMachineName: `DeniedE2E${stamp}`,
      startDate: new Date(start).toISOString(),
    }).parsed,
  ]);
});
test.afterAll(async () => {
  await fake?.close();
  await denied?.close();
});

test("an AWS source added on the Sources page syncs with live progress, and its executions are listed", async ({
  page,
}) => {
  const name = `fake-aws-${stamp}`;
  await page.goto("/sources");
  const form = page.getByTestId("add-aws-source");
  await form.locator("summary").click();
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Region", { exact: true }).fill("us-east-1");
  await form.getByLabel("Account id (optional)").fill(ACCOUNT);
  await form.getByLabel("Endpoint override (optional)").fill(fake.url);
  await form.getByRole("button", { name: "Add source" }).click();

  const source = page.getByTestId(`aws-source-${name}`);
  await expect(source).toBeVisible();
  await source.getByRole("button", { name: "Sync now" }).click();
  await expect(source.getByRole("progressbar", { name: `${name} sync progress` })).toBeVisible();
  await expect(source).toContainText("↻ syncing");
  // 6 Standard executions and 1 Express one, all stored; the bar goes when the sync ends.
  await expect(source).toContainText("7/7 executions", { timeout: 45_000 });
  await expect(source).toContainText("7 stored");
  await expect(source).toContainText("● idle");
  await expect(source.getByRole("progressbar")).toHaveCount(0);
  await expect(source).toContainText(`Partial histories for ${expressMachine}: log level is ERROR`);

  await page.goto(`/executions?source=${encodeURIComponent(name)}`);
  await expect(page.getByRole("link", { name: /^order-\d$/ })).toHaveCount(6);
  const express = page.getByRole("row", { name: /signup-1/ });
  await expect(express.getByText("partial history")).toBeVisible();
  await express.getByRole("link", { name: "signup-1" }).click();
  const note = page.getByTestId("partial-history");
  await expect(note).toContainText("log level is ERROR");
  await expect(note).toContainText("execution data is excluded");
  await expect(note).toContainText(
    "Set the state machine's logging configuration to level ALL with includeExecutionData true",
  );
});

test("a source refused by IAM stops with AWS's code, message and the action to grant", async ({ page }) => {
  const name = `denied-aws-${stamp}`;
  const created = await page.request.post("/api/sources", {
    data: { name, region: "us-east-1", accountId: ACCOUNT, endpoint: denied.url, settings: {} },
  });
  expect(created.status(), await created.text()).toBe(200);
  await page.goto("/sources");
  const source = page.getByTestId(`aws-source-${name}`);
  await source.getByRole("button", { name: "Sync now" }).click();
  const alert = source.getByRole("alert");
  await expect(alert).toContainText("AccessDeniedException", { timeout: 30_000 });
  await expect(alert).toContainText("is not authorized to perform: states:GetExecutionHistory");
  await expect(alert).toContainText("grant states:GetExecutionHistory to the role or user this source runs as");
  await expect(source).toContainText("✕ stopped");
});

test("an admin edits a source's settings on the page (audited), then removes the source", async ({ page }) => {
  const name = `edited-aws-${stamp}`;
  const created = await page.request.post("/api/sources", {
    data: { name, region: "eu-west-1", endpoint: denied.url, settings: {} },
  });
  expect(created.status(), await created.text()).toBe(200);
  await page.goto("/sources");
  const edit = page.getByTestId(`edit-aws-source-${name}`);
  await edit.locator("summary").click();
  const form = edit.getByRole("form", { name: `Edit ${name}` });
  await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("readonly", "");
  await form.getByLabel("State machines").selectOption("prefix");
  await form.getByRole("textbox", { name: "Name prefix" }).fill("orders-");
  await form.getByLabel("Poll every (seconds)").fill("120");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await expect(page.getByTestId(`aws-source-${name}`)).toContainText("names starting orders-");
  const listed = (await (await page.request.get("/api/sources")).json()) as {
    sources: { name: string; settings: { pollIntervalSeconds: number } }[];
  };
  expect(listed.sources.find((s) => s.name === name)?.settings.pollIntervalSeconds).toBe(120);
  await page.goto("/audit?action=source.update");
  await expect(page.getByRole("row").filter({ hasText: "source.update" }).first()).toBeVisible();

  // Removed, after a confirmation naming what goes.
  await page.goto("/sources");
  await page.getByTestId(`edit-aws-source-${name}`).locator("summary").click();
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain(`Remove ${name} and the 0 executions it collected?`);
    void dialog.accept();
  });
  await page.getByTestId(`edit-aws-source-${name}`).getByRole("button", { name: "Remove source…" }).click();
  await expect(page.getByText(`Removed ${name} and 0 executions`)).toBeVisible();
  await expect(page.getByTestId(`aws-source-${name}`)).toHaveCount(0);
});
