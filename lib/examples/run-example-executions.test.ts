import { beforeAll, describe, expect, it } from "vitest";
import { getHistoryShapeProblems } from "./get-history-shape-problems";
import { deriveHistory } from "@/lib/history/derive-history";
import type { ParsedExecution } from "@/lib/history/types";
import { getExampleWorkflows, runExampleExecutions } from "./run-example-executions";
import { demoExecutionCount, demoSeed } from "@/lib/ingest/seed-demo";

const now = new Date("2026-11-22T12:00:00.000Z");
let runs: ParsedExecution[];
const summaries = () => runs.map((r) => ({ run: r, ...deriveHistory(r.events, r.identity) }));

beforeAll(async () => {
  runs = await runExampleExecutions({ seed: 7, count: 240, now });
});

describe("the bundled examples, run in the interpreter", () => {
  it("every example's definition is valid and each is run", () => {
    const names = getExampleWorkflows({ region: "us-east-1", accountId: "123456789012" }).map((w) => w.name);
    expect(new Set(runs.map((r) => r.stateMachine?.name))).toEqual(new Set(names));
    expect(names).toEqual([
      "order-processing",
      "user-signup",
      "image-pipeline",
      "etl-batch",
      "nightly-report",
      "trial-reminder",
    ]);
  });

  it("are reproducible from the seed", async () => {
    const again = await runExampleExecutions({ seed: 7, count: 240, now });
    expect(again.map((r) => [r.identity.executionArn, r.events.length])).toEqual(
      runs.map((r) => [r.identity.executionArn, r.events.length]),
    );
  });

  it("produce AWS-shaped histories, none with an event after now", () => {
    for (const run of runs) {
      expect(getHistoryShapeProblems(run.events), run.identity.executionArn).toEqual([]);
      expect(Date.parse(run.events.at(-1)!.timestamp)).toBeLessThanOrEqual(now.getTime());
      expect(Date.parse(run.events[0]!.timestamp)).toBeGreaterThanOrEqual(now.getTime() - 14 * 86_400_000);
    }
  });

  it("hold the outcomes an on-call engineer meets: failures, caught errors, retries, timeouts, aborts, running", () => {
    const all = summaries();
    const statuses = new Set(all.map((s) => s.summary.status));
    expect(statuses).toEqual(new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING"]));
    const errors = new Set(all.map((s) => s.summary.error).filter(Boolean));
    for (const error of ["Order.PaymentFailed", "Pipeline.ImageFailed", "Signup.Duplicate", "Trial.Expired"])
      expect(errors).toContain(error);
    const succeeded = all.filter((s) => s.summary.status === "SUCCEEDED");
    expect(succeeded.length / all.length).toBeGreaterThan(0.7);
    // Retries that ended well, and a failed attempt caught by a Catch.
    expect(all.some((s) => s.summary.status === "SUCCEEDED" && s.stateRuns.some((r) => r.attempts.length > 1))).toBe(
      true,
    );
    expect(all.some((s) => s.stateRuns.some((r) => r.status === "CAUGHT"))).toBe(true);
  });

  it("wait three days on the virtual clock in the JSONata example, and assign its variables", () => {
    const trial = runs.find(
      (r) => r.stateMachine?.name === "trial-reminder" && r.events.some((e) => e.type === "WaitStateExited"),
    )!;
    const entered = trial.events.find((e) => e.type === "WaitStateEntered")!;
    const exited = trial.events.find((e) => e.type === "WaitStateExited")!;
    expect(Date.parse(exited.timestamp) - Date.parse(entered.timestamp)).toBe(3 * 86_400_000);
    const exitedPass = trial.events.find((e) => e.type === "PassStateExited") as
      { stateExitedEventDetails?: { assignedVariables?: object } } | undefined;
    expect(Object.keys(exitedPass?.stateExitedEventDetails?.assignedVariables ?? {}).sort()).toEqual([
      "accountId",
      "plan",
      "reminders",
    ]);
  });

  it("the demo's own executions hold what the README promises, a TIMED_OUT one by the state machine's TimeoutSeconds among them", async () => {
    const demo = (await runExampleExecutions({ seed: demoSeed, count: demoExecutionCount, now })).map((r) => ({
      run: r,
      ...deriveHistory(r.events, r.identity),
    }));
    const statuses = new Set(demo.map((s) => s.summary.status));
    expect(statuses).toEqual(new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING"]));
    const timedOut = demo.filter((s) => s.summary.status === "TIMED_OUT");
    for (const t of timedOut) {
      // The execution's own timeout (etl-batch's TimeoutSeconds: 3600) fired while the Glue job ran.
      expect(t.run.stateMachine?.name).toBe("etl-batch");
      expect(t.run.events.at(-1)?.type).toBe("ExecutionTimedOut");
      expect(Date.parse(t.run.events.at(-1)!.timestamp) - Date.parse(t.run.events[0]!.timestamp)).toBe(3_600_000);
      expect(t.run.events.filter((e) => e.type === "TaskStateEntered").at(-1)).toMatchObject({
        stateEnteredEventDetails: { name: "LoadWarehouse" },
      });
    }
    // Retries that ended well, a Catch, and failures with a timeout among them.
    expect(demo.some((s) => s.stateRuns.some((r) => r.status === "CAUGHT"))).toBe(true);
    expect(demo.some((s) => s.summary.status === "SUCCEEDED" && s.stateRuns.some((r) => r.attempts.length > 1))).toBe(
      true,
    );
    expect(demo.some((s) => s.summary.error === "States.Timeout" && s.summary.status === "FAILED")).toBe(true);
    expect(new Set(demo.map((s) => s.run.stateMachine?.name)).size).toBe(6);
  });
});
