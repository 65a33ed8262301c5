import { describe, expect, it } from "vitest";
import { buildRedrivenHistory } from "../../test/builders/redriven-history";
import { deriveExecutionAttempts, executionAttemptOf } from "./derive-execution-attempts";
import { deriveHistory } from "./derive-history";

describe("deriveExecutionAttempts", () => {
  it("splits a redriven history into the first run and each redrive, with how each ended", () => {
    const events = buildRedrivenHistory();
    const attempts = deriveExecutionAttempts(events);
    expect(attempts.map((a) => [a.index, a.status, a.error])).toEqual([
      [0, "FAILED", "Payment.Declined"],
      [1, "SUCCEEDED", null],
    ]);
    const redriven = events.find((e) => e.type === "ExecutionRedriven")!;
    expect(attempts[1]).toMatchObject({ startEventId: redriven.id, startedAt: redriven.timestamp });
    expect(attempts[0]?.endedAt).toBe(events.find((e) => e.type === "ExecutionFailed")?.timestamp);
  });

  it("gives the same attempts from the execution-level events alone", () => {
    const events = buildRedrivenHistory({ firstRunEnd: "ABORTED" });
    expect(deriveExecutionAttempts(events.filter((e) => e.type.startsWith("Execution")))).toEqual(
      deriveExecutionAttempts(events),
    );
  });

  it("is one running attempt for a history that has not ended", () => {
    const events = buildRedrivenHistory().slice(0, 4);
    expect(deriveExecutionAttempts(events)).toMatchObject([{ index: 0, status: "RUNNING", endedAt: null }]);
  });

  it("places each state run in the attempt it was entered in", () => {
    const events = buildRedrivenHistory();
    const attempts = deriveExecutionAttempts(events);
    const { stateRuns } = deriveHistory(events);
    expect(stateRuns.map((r) => [r.name, r.status, executionAttemptOf(attempts, r.enteredEventId)])).toEqual([
      ["Prepare", "SUCCEEDED", 0],
      ["Charge", "FAILED", 0],
      ["Charge", "SUCCEEDED", 1],
    ]);
  });
});

describe("deriveHistory of a run the execution's end cut short", () => {
  it.each(["ABORTED", "TIMED_OUT"] as const)(
    "%s: the run and its attempt end with the execution, not with a later redrive",
    (end) => {
      const events = buildRedrivenHistory({ firstRunEnd: end });
      const stop = events.find((e) => e.type === (end === "ABORTED" ? "ExecutionAborted" : "ExecutionTimedOut"))!;
      const cut = deriveHistory(events).stateRuns[1]!;
      expect(cut).toMatchObject({ name: "Charge", status: end, exitedAt: stop.timestamp, exitedEventId: null });
      expect(cut.attempts).toMatchObject([
        { status: end === "ABORTED" ? "ABORTED" : "TIMED_OUT", endedAt: stop.timestamp },
      ]);
    },
  );
});
