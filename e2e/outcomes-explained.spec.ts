import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { executionHref } from "@/lib/format/execution-href";
import type { HistoryEvent } from "@/lib/history/types";
import { buildRedrivenHistory } from "../test/builders/redriven-history";
import { buildStoppedHistory, buildTaskTimeoutHistory } from "../test/builders/timed-out-history";
import { ExecutionPage } from "./pages/execution-page";

const shots = process.env["E2E_SCREENSHOT_DIR"] ?? path.join(__dirname, ".output-outcomes", "screenshots");
const smArn = "arn:aws:states:us-east-1:123456789012:stateMachine:e2e-outcomes";
const definition = {
  StartAt: "Prepare",
  TimeoutSeconds: 300,
  States: {
    Prepare: { Type: "Pass", Next: "Charge" },
    Charge: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:123456789012:function:charge",
      TimeoutSeconds: 30,
      Next: "Hold",
    },
    Hold: { Type: "Wait", Seconds: 3600, Next: "Await" },
    Await: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      TimeoutSeconds: 600,
      HeartbeatSeconds: 30,
      End: true,
    },
  },
};

/** Imports a history as a bundle with the definition above; returns its ARN. */
async function importHistory(request: APIRequestContext, name: string, events: readonly HistoryEvent[]) {
  const executionArn = `arn:aws:states:us-east-1:123456789012:execution:e2e-outcomes:${name}`;
  const bundle = {
    execution: { executionArn, stateMachineArn: smArn, name },
    stateMachine: {
      stateMachineArn: smArn,
      name: "e2e-outcomes",
      type: "STANDARD",
      definition: JSON.stringify(definition),
    },
    events,
  };
  const res = await request.post(`/api/import?name=${name}.json`, {
    data: JSON.stringify(bundle),
    headers: { "content-type": "application/json" },
  });
  expect(res.status(), await res.text()).toBe(200);
  return executionArn;
}

/** Screenshots at both sizes, light and dark, for a person to look at. */
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
      await page.screenshot({ path: path.join(shots, `${name}-${w}-${scheme}.png`) });
    }
  }
}

test.describe("outcomes explained", () => {
  // Each test also takes its screenshots (up to 12 page loads): more than the default minute on a loaded machine.
  test.describe.configure({ timeout: 180_000 });

  test("a redriven execution: graph, timeline and states table show each attempt, the latest first", async ({
    page,
    request,
  }) => {
    const arn = await importHistory(request, "redriven-1", buildRedrivenHistory({ firstRunEnd: "ABORTED" }));
    const ex = new ExecutionPage(page);
    await page.goto(`${executionHref(arn)}?tab=graph`);
    await ex.waitForGraph();
    const charge = ex.graphState("Charge");
    await expect(charge).toHaveAttribute("data-status", "succeeded");
    await expect(charge).toHaveAttribute("data-redrive", "1");
    await expect(charge).toHaveAttribute("data-earlier-status", "aborted");
    await expect(charge).not.toContainText("×2");
    await expect(charge.getByTestId("graph-redrive")).toHaveText("redrive 1 · was aborted");
    await expect(ex.graphState("Prepare")).toHaveAttribute("data-redrive", "0");

    await ex.tab("Timeline").click();
    await expect(ex.timeline).toBeVisible();
    await expect(ex.timeline.getByTestId("timeline-attempt-label")).toHaveText([
      "Redrive 1 · succeeded",
      "First run · aborted",
    ]);
    // The first run's Charge ended with the abort: it is not drawn on to the redrive's end, nor as running.
    const rows = ex.timeline.getByTestId("timeline-row");
    await expect(rows.nth(4)).toHaveAttribute("data-status", "aborted");
    const firstRunBar = await rows.nth(2).locator("div[title] > div").first().boundingBox();
    const cutBar = await rows.nth(4).getByTestId("timeline-attempt").last().boundingBox();
    expect(cutBar).not.toBeNull();
    expect(firstRunBar).not.toBeNull();
    expect((cutBar?.x ?? 0) + (cutBar?.width ?? 0)).toBeLessThanOrEqual(
      (firstRunBar?.x ?? 0) + (firstRunBar?.width ?? 0) + 3,
    );
    await expect(rows.nth(4).locator(".animate-pulse")).toHaveCount(0);
    await page.getByTestId("attempt-picker").getByRole("radio", { name: "Redrive 1 · succeeded" }).click();
    await expect(page).toHaveURL(/attempt=1/);
    await expect(ex.timeline.getByTestId("timeline-row")).toHaveCount(1);

    await ex.tab("States").click();
    await expect(page.getByTestId("state-runs-attempt")).toHaveText(["Redrive 1", "First run"]);
    await expect(page.getByTestId("state-run")).toHaveCount(3);
    await expect(page.getByTestId("state-run").first()).toHaveAttribute("data-redrive", "1");

    await shootAll(page, `${executionHref(arn)}?tab=graph`, "redriven-graph", async (p) => {
      await new ExecutionPage(p).waitForGraph();
    });
    await shootAll(page, `${executionHref(arn)}?tab=timeline`, "redriven-timeline", async (p) => {
      await expect(p.getByTestId("timeline-attempt-label").first()).toBeVisible();
    });
    await shootAll(page, `${executionHref(arn)}?tab=states`, "redriven-states", async (p) => {
      await expect(p.getByTestId("state-runs-attempt").first()).toBeVisible();
    });
  });

  test("a Task's States.Timeout says which limit each attempt hit; the panel shows the root cause at once", async ({
    page,
    request,
  }) => {
    const arn = await importHistory(request, "await-timed-out", buildTaskTimeoutHistory([30, 600]));
    // The run's own detail answers late: what the banner knows is in the panel meanwhile.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/runs/**", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(executionHref(arn));
    const ex = new ExecutionPage(page);
    await expect(page.getByTestId("outcome-explanation")).toHaveText(
      "Await timed out twice in 2 attempts: hit its TimeoutSeconds (10 m 0 s) — 1 of 2 attempts; hit its HeartbeatSeconds (no heartbeat for 30 s) — 1 of 2 attempts.",
    );
    const known = ex.stateDetail.getByTestId("state-detail-known");
    await expect(known).toContainText("Root cause of the failure");
    await expect(known).toContainText("States.Timeout");
    release();
    await expect(ex.stateDetail.getByTestId("state-detail-attempts")).toBeVisible();
    await expect(known).toHaveCount(0);
    await page.unroute("**/runs/**");
    await shootAll(page, executionHref(arn), "task-timeout", async (p) => {
      await expect(p.getByTestId("state-detail-attempts")).toBeVisible();
    });
  });

  test("an execution that timed out names the state machine's TimeoutSeconds and the state running then", async ({
    page,
    request,
  }) => {
    const arn = await importHistory(request, "held-too-long", buildStoppedHistory("TIMED_OUT", 300_000));
    await page.goto(executionHref(arn));
    await expect(page.getByTestId("root-cause")).toContainText("Running when it timed out: state Hold");
    await expect(page.getByTestId("outcome-explanation").getByRole("listitem")).toHaveText([
      "The state machine's TimeoutSeconds (5 m 0 s) fired, 5 m 0 s after it started.",
      "Hold (Wait) was running then.",
    ]);
    await shootAll(page, executionHref(arn), "execution-timed-out", async (p) => {
      await expect(p.getByTestId("outcome-explanation")).toBeVisible();
    });
  });

  test("an aborted execution says what was running, why, and that the history does not say who", async ({
    page,
    request,
  }) => {
    const arn = await importHistory(request, "drained", buildStoppedHistory("ABORTED", 5_000));
    await page.goto(executionHref(arn));
    await expect(page.getByTestId("root-cause")).not.toContainText("No single state is to blame");
    await expect(page.getByTestId("outcome-explanation").getByRole("listitem")).toHaveText([
      "Stopped with StopExecution outside Stepscope (the history does not say by whom; CloudTrail's StopExecution record does), while Hold (Wait) was running.",
      "Reason given: Ops.Drain — region failover.",
    ]);
    await shootAll(page, executionHref(arn), "aborted", async (p) => {
      await expect(p.getByTestId("outcome-explanation")).toBeVisible();
    });
  });
});
