import { describe, expect, it } from "vitest";
import { extractGraph } from "@/lib/asl/graph";
import { deriveExecutionAttempts, executionAttemptOf } from "@/lib/history/derive-execution-attempts";
import { deriveHistory } from "@/lib/history/derive-history";
import type { HistoryEvent } from "@/lib/history/types";
import { buildRedrivenHistory } from "../../test/builders/redriven-history";
import { computeGraphOverlay } from "./graph-overlay";
import { runsByNode } from "./runs-by-node";
import { buildTimeline } from "./timeline-rows";
import type { ExecutionViewData } from "./view-types";

const graph = extractGraph({
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Next: "Charge" },
    Charge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:111111111111:function:charge", End: true },
  },
});

/** The view the page loads for a history (what the queries read from the stored rows). */
function viewOf(events: readonly HistoryEvent[]): ExecutionViewData {
  const derived = deriveHistory(events);
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  return {
    definition: null,
    startMs: Date.parse(derived.summary.startDate),
    endMs: ms(derived.summary.stopDate),
    runs: derived.stateRuns.map((r) => ({
      key: r.key,
      name: r.name,
      stateType: r.stateType,
      scope: r.scope,
      parentKey: r.parentKey,
      enteredEventId: r.enteredEventId,
      exitedEventId: r.exitedEventId,
      startMs: Date.parse(r.enteredAt),
      endMs: ms(r.exitedAt),
      status: r.status,
      error: r.error,
      attempts: r.attempts.map((a) => ({
        index: a.index,
        startMs: Date.parse(a.startedAt),
        endMs: ms(a.endedAt),
        status: a.status,
        error: a.error,
        backoffMs: a.backoffMs,
      })),
    })),
    attempts: deriveExecutionAttempts(events).map((a) => ({
      index: a.index,
      startEventId: a.startEventId,
      startMs: Date.parse(a.startedAt),
      endMs: ms(a.endedAt),
      status: a.status,
      error: a.error,
    })),
  };
}

const overlayRuns = (view: ExecutionViewData) =>
  view.runs.map((r) => ({ ...r, retries: 0, redrive: executionAttemptOf(view.attempts, r.enteredEventId) }));

describe("a redriven execution on the graph", () => {
  it("shows a state by its latest run (succeeded in redrive 1), with what the first run did beside it", () => {
    const o = computeGraphOverlay(graph, overlayRuns(viewOf(buildRedrivenHistory())));
    expect(o.nodes.get("Charge")).toEqual({
      status: "succeeded",
      runCount: 1,
      retries: 0,
      redrive: 1,
      earlier: "failed",
    });
    // Succeeded in the first run, so the redrive did not run it again.
    expect(o.nodes.get("Prepare")).toEqual({ status: "succeeded", runCount: 1, retries: 0, redrive: 0 });
  });

  it("marks only the edges each attempt took", () => {
    const o = computeGraphOverlay(graph, overlayRuns(viewOf(buildRedrivenHistory())));
    expect([...o.takenEdges]).toHaveLength(1);
  });

  it("opens the detail panel on the latest attempt's run", () => {
    const view = viewOf(buildRedrivenHistory());
    expect(runsByNode(overlayRuns(view)).get("Charge")).toEqual(["Charge#1", "Charge#0"]);
  });
});

describe("a redriven execution on the timeline", () => {
  it("groups the runs under a row per attempt, the latest first", () => {
    const t = buildTimeline(viewOf(buildRedrivenHistory()), 0);
    expect(t.rows.map((r) => [r.kind, r.label, r.status, r.depth])).toEqual([
      ["attempt", "Redrive 1", "succeeded", 0],
      ["run", "Charge", "succeeded", 1],
      ["attempt", "First run", "failed", 0],
      ["run", "Prepare", "succeeded", 1],
      ["run", "Charge", "failed", 1],
    ]);
    expect(t.rows[0]?.descendantCount).toBe(1);
  });

  it.each(["FAILED", "ABORTED", "TIMED_OUT"] as const)(
    "draws no bar across the gap between a first run that ended %s and its redrive",
    (firstRunEnd) => {
      const view = viewOf(buildRedrivenHistory({ firstRunEnd }));
      const t = buildTimeline(view, 0);
      const firstEnd = (view.attempts[0]?.endMs ?? 0) - t.originMs;
      const redriveStart = (view.attempts[1]?.startMs ?? 0) - t.originMs;
      const firstRun = t.rows.slice(t.rows.findIndex((r) => r.id === "attempt:0"));
      for (const row of firstRun) {
        expect(row.endMs).toBeLessThanOrEqual(firstEnd);
        expect(row.open).toBe(false);
        for (const s of row.segments) expect(s.endMs).toBeLessThanOrEqual(firstEnd);
      }
      expect(firstEnd).toBeLessThan(redriveStart);
    },
  );

  it("draws one attempt on its own axis when it is chosen", () => {
    const view = viewOf(buildRedrivenHistory());
    const t = buildTimeline(view, 0, 1);
    expect(t.originMs).toBe(view.attempts[1]?.startMs);
    expect(t.rows.map((r) => [r.label, r.status])).toEqual([["Charge", "succeeded"]]);
    expect(t.spanMs).toBeLessThan(1_000);
  });
});
