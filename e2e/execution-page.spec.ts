import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { generateLargeHistory } from "@/lib/examples/generate-large-history";
import { executionHref } from "@/lib/format/execution-href";
import { toAwsHistory, type Case } from "../test/conformance/denormalize";
import { toBundle } from "./helpers/to-bundle";
import { ExecutionPage } from "./pages/execution-page";

const shots = process.env["E2E_SCREENSHOT_DIR"] ?? path.join(__dirname, ".output-graph", "screenshots");
const casesDir = path.resolve(__dirname, "../../shared/conformance/cases");

async function importText(request: APIRequestContext, name: string, text: string): Promise<void> {
  const res = await request.post(`/api/import?name=${encodeURIComponent(name)}`, {
    data: text,
    headers: { "content-type": "application/json" },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** A conformance case as a bundle with its definition, so the page can draw it. */
function conformanceBundle(caseName: string): { arn: string; text: string } | null {
  const file = path.join(casesDir, `${caseName}.json`);
  if (!existsSync(file)) return null;
  const c = JSON.parse(readFileSync(file, "utf8")) as Case;
  const slug = caseName
    .split(".")
    .pop()!
    .replace(/[^\w-]/g, "-")
    .slice(0, 60);
  const smArn = `arn:aws:states:us-east-1:123456789012:stateMachine:conf-${slug}`;
  const arn = `arn:aws:states:us-east-1:123456789012:execution:conf-${slug}:e2e-${slug}`;
  return {
    arn,
    text: JSON.stringify({
      execution: { executionArn: arn, stateMachineArn: smArn, name: `e2e-${slug}` },
      stateMachine: {
        stateMachineArn: smArn,
        name: `conf-${slug}`,
        type: c.state_machine_type === "EXPRESS" ? "EXPRESS" : "STANDARD",
        definition: JSON.stringify(c.definition),
      },
      events: toAwsHistory(c).events,
    }),
  };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });
}

test.describe("execution page: graph, timeline, state detail", () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test("a failed Map opens on its graph with the failed iteration's state as root cause, counts and picker", async ({
    page,
    request,
  }) => {
    const parsed = await generateLargeHistory({
      seed: 5,
      targetEvents: 700,
      startedAt: new Date("2026-11-20T08:00:00Z"),
      outcome: "FAILED",
    });
    await importText(request, "failed-map.json", toBundle(parsed));
    await page.goto(executionHref(parsed.identity.executionArn));
    const ex = new ExecutionPage(page);
    await ex.waitForGraph();
    const rootName = (await ex.rootCauseState.textContent()) ?? "";
    expect(rootName).not.toBe("");
    // Root cause first: the failed state is marked and selected, its detail open.
    const root = ex.graph.locator('[data-testid="graph-state"][data-root-cause="true"]');
    await expect(root).toHaveAttribute("data-state-name", rootName);
    await expect(root).toHaveAttribute("data-status", "failed");
    await expect(ex.stateDetail).toContainText(rootName);
    await expect(ex.graphState("ProcessImages")).toHaveAttribute("data-status", /failed|caught/);
    const counts = ex.graph.getByTestId("map-counts");
    await expect(counts).toContainText(/✕ [1-9]/);
    // The graph opens on the root cause's iteration; over all iterations, throttled images were retried.
    const picker = ex.graph.getByTestId("iteration-picker");
    await expect(picker).not.toHaveValue("");
    await picker.selectOption("");
    await expect(
      ex.graph.locator('[data-testid="graph-state"][data-retries]:not([data-retries="0"])').first(),
    ).toBeVisible();
    // The picker lists failed iterations first; picking one re-colours the processor.
    const firstOption = picker.locator("option").nth(1);
    await expect(firstOption).toContainText("Failed");
    await picker.selectOption({ index: 1 });
    await expect(ex.graph.locator('[data-testid="graph-state"][data-status="failed"]').first()).toBeVisible();
    await shot(page, "failed-map-graph");

    await page.getByTestId("root-cause-in-timeline").click();
    await expect(ex.timeline).toBeVisible();
    await expect(
      ex
        .timelineRuns(rootName)
        .filter({ has: page.locator("[data-status]") })
        .first(),
    ).toBeVisible();
    await expect(ex.timeline.locator('[data-testid="timeline-row"][data-status="failed"]').first()).toBeVisible();
    await shot(page, "failed-map-timeline");
  });

  test("a retried Task shows its attempts in the graph, the timeline and the detail panel", async ({
    page,
    request,
  }) => {
    // The import spec's recorded history under its own name and error, so the two specs never see each other's rows.
    const text = readFileSync(
      path.join(__dirname, "fixtures", "checkout-card-declined.bundle.json"),
      "utf8",
    ).replaceAll("CardDeclined", "CardRefused");
    const bundle = JSON.parse(text) as { execution: { executionArn: string; name: string } };
    bundle.execution.executionArn = bundle.execution.executionArn.replace(/[^:]+$/, "e2e-card-declined-graph");
    bundle.execution.name = "e2e-card-declined-graph";
    const arn = bundle.execution.executionArn;
    await importText(request, "checkout-card-declined-graph.bundle.json", JSON.stringify(bundle));
    await page.goto(executionHref(arn));
    const ex = new ExecutionPage(page);
    await ex.waitForGraph();
    await expect(ex.graphState("ChargeCard")).toHaveAttribute("data-status", "failed");
    await expect(ex.graphState("ChargeCard")).toHaveAttribute("data-retries", "2");
    await expect(ex.graphState("ChargeCard")).toHaveAttribute("data-root-cause", "true");
    await expect(ex.stateDetail.getByTestId("state-detail-attempts").locator("tbody tr")).toHaveCount(3);
    await expect(ex.stateDetail).toContainText("Payment.CardRefused");
    await expect(ex.stateDetail.getByTestId("state-detail-events").locator("li").first()).toBeVisible();
    await shot(page, "retried-task-graph");

    // The data flow of a state that succeeded, step by step with values: Parameters as sent, ResultPath null keeps the input.
    await ex.graphState("ValidateOrder").focus();
    await page.keyboard.press("Enter");
    const flow = ex.stateDetail.getByTestId("data-flow");
    await expect(flow.locator('[data-field="Parameters"]')).toHaveAttribute("data-source", "recorded");
    await expect(flow.locator('[data-field="Parameters"]')).toContainText("validate-order");
    await expect(flow.locator('[data-field="ResultPath"]')).toHaveAttribute("data-source", "computed");
    await expect(flow.locator('[data-field="ResultPath"]')).toContainText("ord-7731");
    await expect(flow.getByTestId("data-flow-check")).toContainText("✓ The computed output equals the recorded output");

    // Links: no AWS console for an uploaded history; the history downloads in the get-execution-history shape.
    await expect(page.getByTestId("aws-console-link")).toHaveCount(0);
    const download = await page.request.get((await page.getByTestId("download-history").getAttribute("href")) ?? "");
    expect(download.headers()["content-disposition"]).toContain("attachment");
    const history = (await download.json()) as { events: { id: number; type: string }[] };
    const original = (JSON.parse(text) as { events: unknown[] }).events;
    expect(history.events).toHaveLength(original.length);
    expect(history.events[0]?.type).toBe("ExecutionStarted");
    await ex.graphState("ChargeCard").focus();
    await page.keyboard.press("Enter");

    await ex.tab("Timeline").click();
    const charge = ex.timelineRuns("ChargeCard").first();
    await expect(charge).toHaveAttribute("data-attempts", "3");
    await expect(charge.getByTestId("timeline-backoff")).toHaveCount(2);
    await expect(charge.getByTestId("timeline-attempt").first()).toHaveAttribute("data-status", "failed");
    await shot(page, "retried-task-timeline");
  });

  test("a Parallel failure (conformance) points at the branch state, not the Parallel", async ({ page, request }) => {
    const bundle = conformanceBundle("scenarios.base_scenarios.parallel_state_fail");
    test.skip(bundle === null, "shared/conformance not present");
    await importText(request, "parallel-fail.json", bundle!.text);
    await page.goto(executionHref(bundle!.arn));
    const ex = new ExecutionPage(page);
    await ex.waitForGraph();
    await expect(ex.rootCauseState).toHaveText("Branch1");
    await expect(ex.graphState("ParallelState/0/Branch1")).toHaveAttribute("data-status", "failed");
    await expect(ex.graphState("ParallelState/0/Branch1")).toHaveAttribute("data-root-cause", "true");
    await expect(ex.graphState("ParallelState")).toHaveAttribute("data-status", "failed");
    await shot(page, "parallel-graph");

    // A demo nightly report: three branches side by side, every state reached.
    await page.goto("/executions?stateMachine=nightly-report&status=SUCCEEDED");
    await page.getByTestId("executions-table").getByRole("row").nth(1).getByRole("link").first().click();
    await page.waitForURL(/\/executions\/arn/);
    await page.goto(`${page.url().split("?")[0]}?tab=graph`);
    await ex.waitForGraph();
    await expect(ex.graph.locator('[data-testid="graph-state"][data-state-id^="BuildReports/"]')).toHaveCount(4);
    await expect(
      ex.graph.locator('[data-testid="graph-state"][data-state-id^="BuildReports/"][data-status="not-reached"]'),
    ).toHaveCount(0);
    await shot(page, "parallel-succeeded-graph");
  });

  test("retries then Catch inside a JSONata Map (conformance): caught after a retry, Fallback is the root cause", async ({
    page,
    request,
  }) => {
    const bundle = conformanceBundle(
      "states_variables.error_output.map_catch_error__MAP_CATCH_ERROR_OUTPUT_WITH_RETRY",
    );
    test.skip(bundle === null, "shared/conformance not present");
    await importText(request, "map-catch-retry.json", bundle!.text);
    await page.goto(executionHref(bundle!.arn));
    const ex = new ExecutionPage(page);
    await ex.waitForGraph();
    await expect(ex.rootCauseState).toHaveText("Fallback");
    await expect(ex.graphState("ProcessItems/items/ProcessItem")).toHaveAttribute("data-status", "caught");
    await expect(ex.graphState("ProcessItems/items/ProcessItem")).toHaveAttribute("data-retries", "1");
    await expect(ex.graphState("ProcessItems/items/Fallback")).toHaveAttribute("data-status", "failed");
    await expect(
      ex.graph.locator('[data-testid="graph-edge-label"][data-taken="true"]', { hasText: "Catch" }).first(),
    ).toBeVisible();
    await ex.tab("Timeline").click();
    await expect(ex.timelineRuns("ProcessItem").first()).toHaveAttribute("data-attempts", "2");
    await shot(page, "jsonata-map-catch-timeline");
  });
});
