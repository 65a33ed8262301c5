import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { executionHref } from "@/lib/format/execution-href";
import { traceIdOf } from "@/lib/traces/trace-ids";
import { buildExecutionHistory } from "../test/builders/execution-history";
import { storageStateOf, type AccountRole } from "./helpers/accounts";

// playwright.config.ts sets STEPSCOPE_TRACE_URL_TEMPLATE=https://tracing.example/trace/{traceId}
// and points STEPSCOPE_OTLP_ENDPOINT (with a user, a password and an api-key query) at the
// discard port, where nothing listens.
const shots = path.join(process.env["E2E_OUTPUT_DIR"] ?? path.join(__dirname, ".output"), "traces");
const TRACEPARENT_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

async function importExecution(request: APIRequestContext, name: string, input: object): Promise<string> {
  const { parsed } = buildExecutionHistory({ name, stateMachineName: "E2eTraces", status: "FAILED" });
  const events = parsed.events.map((e, i) =>
    i === 0 ? { ...e, executionStartedEventDetails: { input: JSON.stringify(input) } } : e,
  );
  const res = await request.post(`/api/import?name=${name}.json`, {
    data: JSON.stringify({
      execution: { executionArn: parsed.identity.executionArn, stateMachineArn: parsed.identity.stateMachineArn, name },
      events,
    }),
    headers: { "content-type": "application/json" },
  });
  expect(res.status(), await res.text()).toBe(200);
  return parsed.identity.executionArn;
}

/** Both sizes, light and dark, for a person to look at. */
async function shootAll(page: Page, url: string, name: string, ready: (page: Page) => Promise<void>) {
  for (const [w, h] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url);
      await ready(page);
      await page.screenshot({ path: path.join(shots, `${name}-${w}-${scheme}.png`), fullPage: true });
    }
  }
}

test.describe("executions as traces", () => {
  test.describe.configure({ timeout: 180_000 });

  test("an execution page opens its trace: the one its input's traceparent names, else the ARN's", async ({
    page,
    request,
  }) => {
    const joined = await importExecution(request, "e2e-trace-joined", {
      traceparent: `00-${TRACEPARENT_ID}-00f067aa0ba902b7-01`,
    });
    const plain = await importExecution(request, "e2e-trace-plain", { order: 7 });
    await page.goto(executionHref(joined));
    const link = page.getByRole("link", { name: /Open trace/ });
    await expect(link).toHaveAttribute("href", `https://tracing.example/trace/${TRACEPARENT_ID}`);
    await expect(link).toHaveAttribute("target", "_blank");
    await page.goto(executionHref(plain));
    await expect(page.getByRole("link", { name: /Open trace/ })).toHaveAttribute(
      "href",
      `https://tracing.example/trace/${traceIdOf(plain)}`,
    );
    await shootAll(page, executionHref(plain), "execution-trace-link", async (p) => {
      await p.getByRole("link", { name: /Open trace/ }).waitFor();
    });
  });

  for (const role of ["viewer", "admin"] as const satisfies readonly AccountRole[]) {
    test.describe(`as ${role}`, () => {
      test.use({ storageState: storageStateOf(role) });

      test("the Sources page shows the exporter: its endpoint without secrets, what waits, its error", async ({
        page,
      }) => {
        await page.goto("/sources");
        const panel = page.getByTestId("trace-export");
        await expect(panel.getByTestId("trace-export-endpoint")).toHaveText("http://127.0.0.1:9/v1/traces?…");
        await expect(panel).not.toContainText("secret");
        await expect(panel).not.toContainText("hidden");
        await expect(panel.getByTestId("trace-export-pending")).toHaveText(/^[\d,]+\+? ended executions$/);
        await expect(panel).toContainText("Execution pages link to their traces");
        // Nothing listens on the discard port: the first pass (at the server's start) fails, and says why.
        await expect(async () => {
          await page.reload();
          await expect(panel.getByTestId("trace-export-state")).toHaveText("✕ failing");
        }).toPass({ timeout: 90_000 });
        await expect(panel.getByTestId("trace-export-error")).not.toBeEmpty();
        await expect(panel.getByRole("button")).toHaveCount(0);
        await shootAll(page, "/sources", `sources-${role}`, async (p) => {
          await p.getByTestId("trace-export").waitFor();
        });
        // The first test stored it; its page shows the link to every role.
        const plain = buildExecutionHistory({ name: "e2e-trace-plain", stateMachineName: "E2eTraces" }).parsed;
        await shootAll(page, executionHref(plain.identity.executionArn), `execution-${role}`, async (p) => {
          await p.getByRole("link", { name: /Open trace/ }).waitFor();
        });
      });
    });
  }
});
