import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { deriveHistory } from "../history/derive-history";
import { storeExecution } from "@/lib/store/store-execution";
import { getStateFigures } from "./get-state-figures";
import { getStateMachineByArn } from "./get-state-machine-by-arn";

// Durations by construction (test/builders): a Task without retry runs 174 ms from entered to
// exited (2 + 20 + 150 + 2); one retried once runs 1,344 ms (adds 150 + 1,000 + 20).
const NOW = new Date("2025-06-11T00:00:00.000Z");
const ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:Figures";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const store = (o: Parameters<typeof buildExecutionHistory>[0], kind: "UPLOAD" | "LOCAL" = "UPLOAD") => {
    const { parsed } = buildExecutionHistory({ stateMachineName: "Figures", tasks: 2, ...o });
    return storeExecution(db, parsed, deriveHistory(parsed.events, parsed.identity), {
      kind,
      name: kind === "LOCAL" ? "local" : "uploads",
    });
  };
  await store({ name: "retried", retryEvery: 2, startDate: "2025-06-03T10:00:00.000Z" });
  await store({ name: "plain", startDate: "2025-06-04T10:00:00.000Z" });
  await store({ name: "failed", status: "FAILED", startDate: "2025-06-05T10:00:00.000Z" });
  // Out of a 30-day range.
  await store({ name: "old", startDate: "2025-04-01T10:00:00.000Z" });
  // A local run of the same state machine: out of the figures unless asked for.
  await store({ name: "local", status: "FAILED", startDate: "2025-06-06T10:00:00.000Z" }, "LOCAL");
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

async function figures(range: "30d" | "all", includeLocal: boolean) {
  const machine = await getStateMachineByArn(db, ARN);
  if (!machine) throw new Error("state machine not stored");
  return getStateFigures(db, machine, { range, includeLocal }, NOW);
}

describe("per-state figures of a state machine", () => {
  it("gives runs, failure rate, retries, p50/p95 duration and cost per state, without local runs", async () => {
    const result = await figures("30d", false);
    expect(result.sampledExecutions).toBe(3);
    expect(result.sampleIsComplete).toBe(true);
    const [step1, step2] = result.states;
    expect(step1).toMatchObject({
      state: "Step1",
      runs: 3,
      retries: 0,
      sampledEnded: 3,
      failed: 0,
      caught: 0,
      failureRate: 0,
      p50Ms: 174,
      p95Ms: 174,
    });
    // Step2: 1,344 ms (retried), 174 ms, and a failed run that ended the execution: it has no
    // exit event and ends with the execution, 177 ms after it was entered (2 + 20 + 150 + 5).
    expect(step2).toMatchObject({ state: "Step2", runs: 3, retries: 1, sampledEnded: 3, failed: 1, caught: 0 });
    expect(step2!.failureRate).toBeCloseTo(1 / 3, 10);
    // Linear interpolation over 174, 177 and 1,344: p50 = 177, p95 = 177 + 0.9 × 1,167.
    expect(step2!.p50Ms).toBeCloseTo(177, 6);
    expect(step2!.p95Ms).toBeCloseTo(1227.3, 6);
    // Standard, us-east-1, $0.025 per 1,000 transitions: 3 runs, and 3 runs + 1 retry.
    expect(step1!.costUsd).toBeCloseTo(0.000075, 12);
    expect(step2!.costUsd).toBeCloseTo(0.0001, 12);
  });

  it("counts local runs when asked for", async () => {
    const result = await figures("30d", true);
    expect(result.sampledExecutions).toBe(4);
    const step2 = result.states.find((s) => s.state === "Step2");
    expect(step2).toMatchObject({ runs: 4, failed: 2, sampledEnded: 4 });
  });

  it("reads every execution for the range all", async () => {
    const result = await figures("all", false);
    expect(result.sampledExecutions).toBe(4);
    expect(result.states.map((s) => [s.state, s.runs])).toEqual([
      ["Step1", 4],
      ["Step2", 4],
    ]);
  });
});
