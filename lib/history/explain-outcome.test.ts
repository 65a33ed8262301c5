import { describe, expect, it } from "vitest";
import { buildTaskTimeoutHistory, buildStoppedHistory } from "../../test/builders/timed-out-history";
import { buildRedrivenHistory } from "../../test/builders/redriven-history";
import { explainOutcome, timeoutKind } from "./explain-outcome";
import { outcomeFactsOfHistory } from "./outcome-facts-of-history";

const waitMachine = { StartAt: "Prepare", TimeoutSeconds: 300, States: {} };

describe("explainOutcome of a Task's States.Timeout", () => {
  it("tells the heartbeat limit from the total one, and how many attempts hit each", () => {
    const o = explainOutcome(outcomeFactsOfHistory(buildTaskTimeoutHistory([30, 600, 31])));
    expect(o).toEqual({
      kind: "task-timeout",
      stateName: "Await",
      scope: [],
      attempts: 3,
      timedOut: [
        { kind: "TimeoutSeconds", attempts: 1 },
        { kind: "HeartbeatSeconds", attempts: 2 },
      ],
      timeoutSeconds: 600,
      heartbeatSeconds: 30,
    });
  });

  it("takes the limits from the definition when the events do not carry them", () => {
    const events = buildTaskTimeoutHistory([45]).map((e) =>
      e.type === "TaskScheduled"
        ? {
            ...e,
            taskScheduledEventDetails: {
              resource: "invoke",
              resourceType: "lambda",
              region: "us-east-1",
              parameters: "{}",
            },
          }
        : e,
    );
    const definition = {
      StartAt: "Await",
      States: { Await: { Type: "Task", Resource: "x", TimeoutSeconds: 45, End: true } },
    };
    expect(explainOutcome(outcomeFactsOfHistory(events, definition))).toMatchObject({
      timedOut: [{ kind: "TimeoutSeconds", attempts: 1 }],
      timeoutSeconds: 45,
      heartbeatSeconds: null,
    });
  });

  it("says the times do not tell when an attempt ended before either limit (timestamps rounded or synthesised)", () => {
    expect(
      timeoutKind({
        status: "TIMED_OUT",
        error: "States.Timeout",
        startedAt: "2026-01-01T00:00:00.000Z",
        endedAt: "2026-01-01T00:00:01.000Z",
        timeoutSeconds: 600,
        heartbeatSeconds: 5,
      }),
    ).toBe("unknown");
  });

  it("is null for a failure that is not a timeout", () => {
    expect(explainOutcome(outcomeFactsOfHistory(buildRedrivenHistory().slice(0, 9)))).toBeNull();
  });
});

describe("explainOutcome of an execution that timed out or was stopped", () => {
  it("TIMED_OUT: the state machine's TimeoutSeconds, how long it ran, which state was running", () => {
    const o = explainOutcome(outcomeFactsOfHistory(buildStoppedHistory("TIMED_OUT", 300_000), waitMachine));
    expect(o).toEqual({
      kind: "execution-timeout",
      timeoutSeconds: 300,
      redrive: 0,
      ranMs: 300_000,
      running: [{ name: "Hold", stateType: "Wait", scope: [], runs: 1 }],
    });
  });

  it("ABORTED: StopExecution's error and cause, what was running, who when the audit log knows", () => {
    const facts = outcomeFactsOfHistory(buildStoppedHistory("ABORTED", 5_000), null, {
      actor: "alice",
      at: "2026-11-02T09:00:05.100Z",
    });
    expect(explainOutcome(facts)).toEqual({
      kind: "aborted",
      redrive: 0,
      stoppedAt: "2026-11-02T09:00:05.000Z",
      stoppedBy: "alice",
      error: "Ops.Drain",
      cause: "region failover",
      running: [{ name: "Hold", stateType: "Wait", scope: [], runs: 1 }],
    });
  });

  it("a redriven execution is explained by its latest attempt: what ran in the first run is not 'running'", () => {
    const events = buildRedrivenHistory({ firstRunEnd: "ABORTED" });
    const redrive = events.findIndex((e) => e.type === "ExecutionRedriven");
    const abortedAgain = [
      ...events.slice(0, redrive + 2),
      {
        id: redrive + 3,
        previousEventId: redrive + 2,
        timestamp: "2026-11-05T00:00:00.000Z",
        type: "ExecutionAborted",
        executionAbortedEventDetails: {},
      },
    ];
    expect(explainOutcome(outcomeFactsOfHistory(abortedAgain))).toMatchObject({
      kind: "aborted",
      redrive: 1,
      stoppedBy: null,
      running: [{ name: "Charge", runs: 1 }],
    });
  });
});
