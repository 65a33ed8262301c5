import { createServer } from "node:http";
import { expect, test } from "@playwright/test";
import { buildExecutionHistory } from "../test/builders/execution-history";
import { toBundle } from "./helpers/to-bundle";

const hookPort = Number(process.env["E2E_PORT"] ?? 3100) + 2;

test("an admin creates a rule and its incident shows with its deliveries", async ({ page, request }) => {
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
    await page.getByLabel(/New rule/).fill(
      JSON.stringify({
        name: "e2e failures",
        scope: { stateMachines: ["E2eAlertMachine"] },
        when: { kind: "new-failure-group" },
        notify: [{ webhook: { env: "E2E_ALERTS_HOOK_URL" } }],
      }),
    );
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(page.getByTestId("alert-rule-row").filter({ hasText: "e2e failures" })).toContainText(
      "webhook $E2E_ALERTS_HOOK_URL",
    );

    // A secret typed in is refused, naming where.
    await page.getByLabel(/New rule/).fill(
      JSON.stringify({
        name: "leaky",
        when: { kind: "new-failure-group" },
        notify: [{ slack: "https://hooks.example" }],
      }),
    );
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(page.locator("p[role=alert]")).toContainText("/notify/0/slack: a secret is never stored", {
      timeout: 20_000,
    });

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
  } finally {
    await new Promise((resolve) => hook.close(resolve));
  }
});
