import { describe, expect, it } from "vitest";
import { describeOutcome } from "./describe-outcome";

describe("describeOutcome", () => {
  it("names the Task's limits and the attempts that hit each", () => {
    expect(
      describeOutcome({
        kind: "task-timeout",
        stateName: "Await",
        scope: [{ kind: "map-iteration", state: "Items", index: 3 }],
        attempts: 3,
        timedOut: [
          { kind: "TimeoutSeconds", attempts: 1 },
          { kind: "HeartbeatSeconds", attempts: 2 },
        ],
        timeoutSeconds: 600,
        heartbeatSeconds: 30,
      }),
    ).toEqual([
      'Await (Map "Items" iteration 3) timed out 3 times in 3 attempts: hit its TimeoutSeconds (10 m 0 s) — 1 of 3 attempts; hit its HeartbeatSeconds (no heartbeat for 30 s) — 2 of 3 attempts.',
    ]);
  });

  it("says the state machine's TimeoutSeconds fired, after how long, and what was running", () => {
    expect(
      describeOutcome({
        kind: "execution-timeout",
        timeoutSeconds: 300,
        redrive: 1,
        ranMs: 300_000,
        running: [{ name: "Hold", stateType: "Wait", scope: [], runs: 1 }],
      }),
    ).toEqual([
      "The state machine's TimeoutSeconds (5 m 0 s) fired, 5 m 0 s after redrive 1 started.",
      "Hold (Wait) was running then.",
    ]);
  });

  it("says who stopped it and why, or that the history does not say who", () => {
    const base = { kind: "aborted", redrive: 0, stoppedAt: null, error: null, cause: null } as const;
    expect(
      describeOutcome({
        ...base,
        stoppedBy: "alice",
        running: [{ name: "Hold", stateType: "Wait", scope: [], runs: 1 }],
      }),
    ).toEqual([
      "Stopped by alice through Stepscope (StopExecution), while Hold (Wait) was running.",
      "No reason was given (StopExecution's error and cause were empty).",
    ]);
    expect(describeOutcome({ ...base, stoppedBy: null, error: "Ops.Drain", running: [] })[0]).toMatch(
      /^Stopped with StopExecution outside Stepscope \(the history does not say by whom.*\), between states/,
    );
  });
});
