import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveHistory } from "./derive-history";
import { parseHistoryFile } from "./parse-history-file";
import type { HistoryEvent } from "./types";

const fixture = (name: string) => {
  const [parsed] = parseHistoryFile(
    readFileSync(path.resolve(__dirname, "../../test/fixtures/histories", name), "utf8"),
    { fileName: name },
  );
  if (parsed === undefined) throw new Error(`no execution in ${name}`);
  return deriveHistory(parsed.events, parsed.identity);
};
const run = (derived: ReturnType<typeof deriveHistory>, key: string) => {
  const found = derived.stateRuns.find((r) => r.key === key);
  if (found === undefined) throw new Error(`no run ${key}: ${derived.stateRuns.map((r) => r.key).join(", ")}`);
  return found;
};

describe("deriveHistory", () => {
  it("summarises a successful execution with its input, output, duration and one attempt per task", () => {
    const d = fixture("success.json");
    expect(d.summary).toMatchObject({
      status: "SUCCEEDED",
      startDate: "2024-03-17T11:10:40.123Z",
      stopDate: "2024-03-17T11:10:41.003Z",
      durationMs: 880,
      input: '{"orderId": "o-1"}',
      output: '{"charged": true}',
      error: null,
      rootCause: null,
      eventCount: 11,
      redriveCount: 0,
      roleArn: "arn:aws:iam::123456789012:role/StepFunctionsRole",
    });
    expect(d.stateRuns.map((r) => [r.key, r.stateType, r.status])).toEqual([
      ["Prepare#0", "Pass", "SUCCEEDED"],
      ["Charge#0", "Task", "SUCCEEDED"],
      ["Done#0", "Succeed", "SUCCEEDED"],
    ]);
    expect(run(d, "Charge#0").attempts).toEqual([
      expect.objectContaining({ index: 0, startEventId: 5, endEventId: 7, status: "SUCCEEDED", backoffMs: null }),
    ]);
    expect(d.cost).toEqual({ billableTransitions: 3, retries: 0, mapRunChildExecutions: 0 });
  });

  it("records each retry as an attempt with its backoff and marks a failure moved on by Catch as CAUGHT", () => {
    const d = fixture("retry-then-catch.json");
    const charge = run(d, "Charge#0");
    expect(charge).toMatchObject({
      status: "CAUGHT",
      retryCount: 2,
      error: "PaymentDeclined",
      cause: '{"errorMessage": "card declined again"}',
    });
    expect(charge.attempts.map((a) => [a.status, a.backoffMs])).toEqual([
      ["FAILED", null],
      ["FAILED", 1000],
      ["FAILED", 2000],
    ]);
    expect(run(d, "Fallback#0").status).toBe("SUCCEEDED");
    expect(d.summary).toMatchObject({ status: "SUCCEEDED", rootCause: null });
    expect(d.cost).toEqual({ billableTransitions: 4, retries: 2, mapRunChildExecutions: 0 });
  });

  it("blames the caught failure, not the Fail state a Catch led to", () => {
    const [parsed] = parseHistoryFile(
      readFileSync(path.resolve(__dirname, "../../test/fixtures/histories/retry-then-catch.json"), "utf8"),
      { fileName: "retry-then-catch.json" },
    );
    const head = parsed!.events.slice(0, 12);
    const at = (n: number) => `2024-03-17T11:10:5${n}.000Z`;
    const tail: HistoryEvent[] = [
      {
        id: 13,
        previousEventId: 12,
        timestamp: at(1),
        type: "PassStateEntered",
        stateEnteredEventDetails: { name: "Notify", input: "{}" },
      },
      {
        id: 14,
        previousEventId: 13,
        timestamp: at(2),
        type: "PassStateExited",
        stateExitedEventDetails: { name: "Notify", output: "{}" },
      },
      {
        id: 15,
        previousEventId: 14,
        timestamp: at(3),
        type: "FailStateEntered",
        stateEnteredEventDetails: { name: "OrderFailed", input: "{}" },
      },
      {
        id: 16,
        previousEventId: 15,
        timestamp: at(4),
        type: "ExecutionFailed",
        executionFailedEventDetails: { error: "Order.PaymentFailed", cause: "payment failed" },
      },
    ];
    const d = deriveHistory([...head, ...tail]);
    expect(d.summary).toMatchObject({ status: "FAILED", error: "Order.PaymentFailed" });
    expect(d.summary.rootCause).toMatchObject({ stateName: "Charge", error: "PaymentDeclined", eventId: 11 });
  });

  it("attributes Map iteration events to their iteration and finds the failing task inside as the root cause", () => {
    const d = fixture("map-failed-iterations.json");
    expect(d.stateRuns.map((r) => [r.key, r.status])).toEqual([
      ["ForEachItem#0", "FAILED"],
      ["ForEachItem#0/i0/Process#0", "SUCCEEDED"],
      ["ForEachItem#0/i1/Process#0", "FAILED"],
      ["ForEachItem#0/i2/Process#0", "ABORTED"],
    ]);
    expect(run(d, "ForEachItem#0/i1/Process#0")).toMatchObject({
      parentKey: "ForEachItem#0",
      scope: [{ kind: "map-iteration", state: "ForEachItem", index: 1 }],
    });
    expect(d.summary.rootCause).toEqual({
      stateName: "Process",
      runKey: "ForEachItem#0/i1/Process#0",
      scope: [{ kind: "map-iteration", state: "ForEachItem", index: 1 }],
      error: "ItemInvalid",
      cause: "item 2 is invalid",
      eventId: 19,
    });
    expect(d.summary).toMatchObject({ status: "FAILED", error: "ItemInvalid" });
    expect(d.cost.billableTransitions).toBe(4);
  });

  it("separates interleaved Parallel branches by previousEventId and blames the failing branch", () => {
    const d = fixture("parallel-failure.json");
    expect(d.stateRuns.map((r) => [r.key, r.status])).toEqual([
      ["FanOut#0", "FAILED"],
      ["FanOut#0/b0/Reserve#0", "ABORTED"],
      ["FanOut#0/b1/Shape#0", "SUCCEEDED"],
      ["FanOut#0/b1/Notify#0", "FAILED"],
    ]);
    expect(d.summary.rootCause).toMatchObject({
      stateName: "Notify",
      error: "States.TaskFailed",
      scope: [{ kind: "parallel-branch", state: "FanOut", index: 1 }],
    });
    expect(run(d, "FanOut#0/b0/Reserve#0").attempts[0]?.status).toBe("ABORTED");
  });

  it("blames the state running when the execution timed out", () => {
    const d = fixture("timeout.json");
    expect(d.summary).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout", durationMs: 60000 });
    expect(d.summary.rootCause).toMatchObject({ stateName: "WaitForApproval", error: "States.Timeout" });
    expect(run(d, "WaitForApproval#0").status).toBe("TIMED_OUT");
  });

  it("marks the running task aborted when the execution was stopped", () => {
    const d = fixture("abort.json");
    expect(d.summary).toMatchObject({ status: "ABORTED", error: "Operator" });
    expect(d.summary.rootCause).toMatchObject({ stateName: "LongJob" });
    expect(run(d, "LongJob#0")).toMatchObject({
      status: "ABORTED",
      attempts: [expect.objectContaining({ status: "ABORTED" })],
    });
  });

  it("reports RUNNING, with open runs, when the history has no terminal event", () => {
    const d = fixture("abort.json");
    const events =
      parseHistoryFile(readFileSync(path.resolve(__dirname, "../../test/fixtures/histories/abort.json"), "utf8"))[0]
        ?.events ?? [];
    const running = deriveHistory(events.slice(0, -1));
    expect(running.summary).toMatchObject({ status: "RUNNING", stopDate: null, durationMs: null, rootCause: null });
    expect(running.stateRuns[0]?.status).toBe("RUNNING");
    expect(d.stateRuns).toHaveLength(1);
  });

  it("keeps unknown event types without failing and without breaking previousEventId chains", () => {
    const d = deriveHistory([
      {
        id: 1,
        previousEventId: 0,
        timestamp: "2024-01-01T00:00:00.000Z",
        type: "ExecutionStarted",
        executionStartedEventDetails: {},
      },
      {
        id: 2,
        previousEventId: 0,
        timestamp: "2024-01-01T00:00:01.000Z",
        type: "PassStateEntered",
        stateEnteredEventDetails: { name: "P" },
      },
      {
        id: 3,
        previousEventId: 2,
        timestamp: "2024-01-01T00:00:02.000Z",
        type: "SomethingNew",
        somethingNewEventDetails: { x: 1 },
      },
      {
        id: 4,
        previousEventId: 3,
        timestamp: "2024-01-01T00:00:03.000Z",
        type: "PassStateExited",
        stateExitedEventDetails: { name: "P", output: "{}" },
      },
    ]);
    expect(d.stateRuns.map((r) => [r.key, r.status, r.exitedEventId])).toEqual([["P#0", "SUCCEEDED", 4]]);
  });

  // How fast this derives is bench/import's figure (`npm run bench:import`); here, that a history this
  // large comes out whole: every iteration its own run, under its Map, at its index.
  it("derives a 20,000-event Map history whole: one run per iteration, each under its Map at its own index", () => {
    const events: HistoryEvent[] = [
      {
        id: 1,
        previousEventId: 0,
        timestamp: "2024-01-01T00:00:00.000Z",
        type: "ExecutionStarted",
        executionStartedEventDetails: {},
      },
    ];
    const add = (
      type: string,
      previousEventId: number,
      details: Record<string, unknown> | null,
      key = "stateEnteredEventDetails",
    ): number => {
      const id = events.length + 1;
      events.push({
        id,
        previousEventId,
        timestamp: new Date(Date.UTC(2024, 0, 1) + id).toISOString(),
        type,
        ...(details === null ? {} : { [key]: details }),
      });
      return id;
    };
    const map = add("MapStateEntered", 0, { name: "M" });
    const started = add("MapStateStarted", map, { length: 4998 }, "mapStateStartedEventDetails");
    for (let i = 0; i < 4998; i++) {
      const it = add("MapIterationStarted", started, { name: "M", index: i }, "mapIterationStartedEventDetails");
      const entered = add("PassStateEntered", it, { name: "P" });
      const exited = add("PassStateExited", entered, { name: "P", output: "{}" }, "stateExitedEventDetails");
      add("MapIterationSucceeded", exited, { name: "M", index: i }, "mapIterationSucceededEventDetails");
    }
    expect(events.length).toBe(3 + 4 * 4998);
    const d = deriveHistory(events);
    const [mapRun, ...passRuns] = d.stateRuns;
    expect(mapRun).toMatchObject({ name: "M", stateType: "Map", parentKey: null });
    expect(passRuns).toHaveLength(4998);
    expect(passRuns.every((r) => r.name === "P" && r.parentKey === mapRun!.key && r.status === "SUCCEEDED")).toBe(true);
    expect(passRuns.map((r) => r.scope.at(-1)?.index)).toEqual(Array.from({ length: 4998 }, (_, i) => i));
    expect(new Set(d.stateRuns.map((r) => r.key)).size).toBe(d.stateRuns.length);
  });
});
