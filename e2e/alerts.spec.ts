import { createServer } from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { buildExecutionHistory } from "../test/builders/execution-history";
import { storageStateOf } from "./helpers/accounts";
import { toBundle } from "./helpers/to-bundle";

const hookPort = Number(process.env["E2E_PORT"] ?? 3100) + 2;
const shots = process.env["E2E_SCREENSHOT_DIR"] ?? path.join(__dirname, ".output-alerts", "screenshots");

/** Screenshots at both sizes, light and dark, for a person to look at. */
async function shootAll(page: Page, name: string, ready: (page: Page) => Promise<void>) {
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await ready(page);
      await page.screenshot({ path: path.join(shots, `${name}-${w}-${scheme}.png`), fullPage: true });
    }
  }
}

test.describe.configure({ timeout: 180_000 });

test("an admin creates, edits, mutes and deletes a rule; its incident shows with its deliveries", async ({
  page,
  request,
}) => {
  const received: string[] = [];
  const hook = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => hook.listen(hookPort, "127.0.0.1", resolve));
  try {
    const built = buildExecutionHistory({
      name: "e2e-alert-1",
      stateMachineName: "E2eAlertMachine",
      status: "FAILED",
      startDate: new Date(Date.now() - 2 * 60_000).toISOString(),
    });
    const imported = await request.post("/api/import?name=e2e-alert-1.json", {
      data: toBundle(built.parsed),
      headers: { "content-type": "application/json" },
    });
    expect(imported.ok()).toBe(true);

    await page.goto("/alerts");
    await page.getByRole("navigation").getByRole("link", { name: "Alerts" }).waitFor();
    // The rules file's rule: provisioned, read-only here.
    const provisioned = page.getByTestId("alert-rule-row").filter({ hasText: "e2e provisioned" });
    await expect(provisioned.getByTitle("Declared in a rules file: change it there")).toHaveText(
      /^provisioned\s*STEPSCOPE_ALERTS$/,
    );
    await expect(provisioned).toContainText("read-only: edit the file");
    await expect(provisioned.getByRole("button", { name: /^(Edit|Delete)/ })).toHaveCount(0);

    await page.getByRole("button", { name: "New rule" }).click();
    const form = page.getByRole("form", { name: "New alert rule" });
    await form.getByLabel("Name").fill("e2e failures");
    await form.getByLabel("State machines").fill("E2eAlertMachine");
    await form.getByRole("button", { name: "Add target" }).click();
    await form.getByLabel("Target 1").selectOption("webhook");
    // A URL pasted where the environment variable's name goes is refused beside that field.
    await form.getByLabel("URL from environment variable").fill("https://hooks.example.com/secret");
    await form.getByRole("button", { name: "Add rule" }).click();
    const urlField = form.getByLabel("URL from environment variable");
    await expect(urlField).toHaveAttribute("aria-invalid", "true", { timeout: 20_000 });
    await expect(page.locator("#rule-target-0-value-error")).toContainText("a secret is never stored");
    await urlField.fill("E2E_ALERTS_HOOK_URL");
    await form.getByRole("button", { name: "Add rule" }).click();
    const row = page.getByTestId("alert-rule-row").filter({ hasText: "e2e failures" });
    await expect(row).toContainText("webhook $E2E_ALERTS_HOOK_URL", { timeout: 20_000 });
    await expect(row).toContainText("this page");

    // Editing: a number field given a word is refused, naming it; then a repeat is saved.
    await page.getByRole("button", { name: "Edit e2e failures" }).click();
    const edit = page.getByRole("form", { name: "Edit alert rule e2e failures" });
    await expect(edit.getByLabel("State machines")).toHaveValue("E2eAlertMachine");
    await edit.getByLabel("When").selectOption("failure-rate");
    await edit.getByLabel("Above (%)").fill("five");
    await edit.getByRole("button", { name: "Save rule" }).click();
    await expect(page.locator("#rule-abovePercent-error")).toContainText("number", { timeout: 20_000 });
    await shootAll(page, "alerts-admin-form-error", async () => {});
    await edit.getByLabel("When").selectOption("new-failure-group");
    await edit.getByLabel("Repeat every").fill("4h");
    await edit.getByRole("button", { name: "Save rule" }).click();
    await expect(row).toContainText("repeats every 4 h", { timeout: 20_000 });
    await expect(edit).toHaveCount(0);

    await page.getByRole("button", { name: "Evaluate now" }).click();
    const incident = page.getByTestId("alert-incident").filter({ hasText: "e2e failures" });
    await expect(incident).toContainText("Open", { timeout: 30_000 });
    await expect(incident).toContainText("States.TaskFailed in Step3 (E2eAlertMachine)");
    const delivery = incident.getByTestId("alert-delivery");
    await expect(delivery).toHaveCount(1);
    await expect(delivery).toContainText("webhook $E2E_ALERTS_HOOK_URL");
    await expect(delivery).toContainText("delivered");
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!)).toMatchObject({ kind: "open", rule: { name: "e2e failures" } });
    await incident.getByRole("button", { name: "Acknowledge" }).click();
    await expect(incident).toContainText("acknowledged by");

    // A test send reaches the rule's webhook now and says what each target answered.
    await page.getByRole("button", { name: "Send a test notification for e2e failures" }).click();
    const tested = page.getByTestId("alert-test-results");
    await expect(tested.getByTestId("alert-test-result")).toHaveText("✓ sent to webhook $E2E_ALERTS_HOOK_URL", {
      timeout: 20_000,
    });
    expect(received).toHaveLength(2);
    expect(JSON.parse(received[1]!)).toMatchObject({ kind: "test", rule: { name: "e2e failures" } });
    await shootAll(page, "alerts-admin-test-send", async () => {});
    await tested.getByRole("button", { name: "Close" }).click();

    // Muted until a chosen date and time, then for 4 hours.
    await page.getByLabel("Mute e2e failures for").selectOption("until");
    const until = new Date(Date.now() + 3 * 86_400_000);
    const local = new Date(until.getTime() - until.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel("Mute e2e failures until").fill(local);
    await page.getByRole("button", { name: "Mute e2e failures", exact: true }).click();
    await expect(row).toContainText("muted until", { timeout: 20_000 });
    await page.getByRole("button", { name: "Unmute e2e failures" }).click();
    await expect(row).toContainText("active");
    await page.getByLabel("Mute e2e failures for").selectOption("240");
    await page.getByRole("button", { name: "Mute e2e failures", exact: true }).click();
    await expect(row).toContainText("muted until", { timeout: 20_000 });
    await shootAll(page, "alerts-admin", async (p) => {
      await p.reload();
      await row.waitFor();
    });
    await page.getByRole("button", { name: "Unmute e2e failures" }).click();
    await expect(row).toContainText("active");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete e2e failures" }).click();
    await expect(row).toHaveCount(0);

    // Every change is in the audit log, by whom.
    await page.goto("/audit?action=alert.rule.");
    for (const action of ["create", "update", "test", "mute", "unmute", "delete"])
      await expect(
        page
          .getByTestId("audit-row")
          .filter({ hasText: `alert.rule.${action}` })
          .filter({ hasText: "e2e-admin" }),
      ).not.toHaveCount(0);
  } finally {
    await new Promise((resolve) => hook.close(resolve));
  }
});

test.describe("viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("a viewer sees the rules read-only", async ({ page }) => {
    await page.goto("/alerts");
    const provisioned = page.getByTestId("alert-rule-row").filter({ hasText: "e2e provisioned" });
    await expect(provisioned).toContainText("running longer than 7d");
    await expect(page.getByText("Read-only: admins edit rules.")).toBeVisible();
    await expect(
      page.getByRole("button", { name: /^(New rule|Evaluate now|Edit|Delete|Mute|Unmute|Send a test)/ }),
    ).toHaveCount(0);
    await expect(page.getByRole("combobox", { name: /^Mute/ })).toHaveCount(0);
    // The theme follows the system's at load: each shot loads the page again.
    await shootAll(page, "alerts-viewer", async (p) => {
      await p.reload();
      await p.getByTestId("alert-rule-row").first().waitFor();
    });
  });
});
