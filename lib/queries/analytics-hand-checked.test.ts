import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { parseAnalyticsParams } from "./analytics-params";
import { PRICE_SETTING_KEY } from "../cost/load-price-table";
import { deriveHistory } from "../history/derive-history";
import { storeExecution } from "@/lib/store/store-execution";
import { getCosts } from "./get-costs";
import { getFailures, NEAR_LIMIT_EVENTS } from "./get-failures";

// Executions whose retries, event counts and transitions are known by construction
// (test/builders: every `retryEvery`-th task fails once with States.TaskFailed and is retried;
// FAILED makes the last task fail on every attempt).
const NOW = new Date("2025-06-11T00:00:00.000Z");
const uploads = { kind: "UPLOAD", name: "uploads" } as const;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const store = (o: Parameters<typeof buildExecutionHistory>[0]) => {
    // lib/history derives what is stored (the builder's own derivation approximates billing).
    const { parsed } = buildExecutionHistory(o);
    return storeExecution(db, parsed, deriveHistory(parsed.events, parsed.identity), uploads);
  };
  // Step2 and Step4 fail once, then succeed: 4 states + 2 retries = 6 transitions.
  await store({
    name: "ok",
    stateMachineName: "Retrying",
    tasks: 4,
    retryEvery: 2,
    status: "SUCCEEDED",
    startDate: "2025-06-03T10:00:00.000Z",
  });
  // Step2 fails once, is retried and fails again (exhausted): 2 states + 1 retry = 3 transitions.
  await store({
    name: "exhausted",
    stateMachineName: "Retrying",
    tasks: 2,
    retryEvery: 2,
    status: "FAILED",
    startDate: "2025-06-04T10:00:00.000Z",
  });
  // 4,001 Task states: 1 + 5 × 4,001 + 1 = 20,007 events, near AWS's 25,000; last month.
  await store({
    name: "giant",
    stateMachineName: "Big",
    tasks: 4_001,
    status: "SUCCEEDED",
    startDate: "2025-05-20T10:00:00.000Z",
    payloadBytes: 8,
  });
  await store({
    name: "small",
    stateMachineName: "Big",
    tasks: 3,
    status: "SUCCEEDED",
    startDate: "2025-06-05T10:00:00.000Z",
  });
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe("Failures page figures checked by hand", () => {
  it("gives retries per state: attempts, retry rate, errors retried, retries that ended in success and that were exhausted", async () => {
    const { retries } = await getFailures(db, parseAnalyticsParams({ range: "30d" }), NOW);
    const byState = new Map(retries.map((r) => [`${r.stateMachine}/${r.state}`, r]));
    // Only states that were retried are listed.
    expect([...byState.keys()].sort()).toEqual(["Retrying/Step2", "Retrying/Step4"]);
    expect(byState.get("Retrying/Step2")).toEqual({
      stateMachine: "Retrying",
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:Retrying",
      state: "Step2",
      attempts: 4,
      retries: 2,
      retryRate: 0.5,
      retriedRuns: 2,
      retriedSucceeded: 1,
      retriesExhausted: 1,
      errors: [{ error: "States.TaskFailed", count: 2 }],
    });
    expect(byState.get("Retrying/Step4")).toEqual({
      stateMachine: "Retrying",
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:Retrying",
      state: "Step4",
      attempts: 2,
      retries: 1,
      retryRate: 0.5,
      retriedRuns: 1,
      retriedSucceeded: 1,
      retriesExhausted: 0,
      errors: [{ error: "States.TaskFailed", count: 1 }],
    });
  });

  it(`lists executions from ${NEAR_LIMIT_EVENTS.toLocaleString("en")} events on as near the 25,000-event limit, within the range`, async () => {
    const all = await getFailures(db, parseAnalyticsParams({ range: "all" }), NOW);
    expect(all.nearLimit.map((e) => [e.name, e.stateMachine, e.eventCount, e.status])).toEqual([
      ["giant", "Big", 20_007, "SUCCEEDED"],
    ]);
    // The giant started 22 days before NOW: a week's range leaves it out.
    const week = await getFailures(db, parseAnalyticsParams({ range: "7d" }), NOW);
    expect(week.nearLimit).toEqual([]);
  });
});

describe("Costs page figures checked by hand", () => {
  it("projects the month at the rate so far: 9 transitions in 10 of 30 days → 27, priced without a free tier", async () => {
    await db.pool.query("INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())", [
      PRICE_SETTING_KEY,
      JSON.stringify({ freeTransitionsPerMonth: 0 }),
    ]);
    try {
      const costs = await getCosts(db, parseAnalyticsParams({ range: "30d", stateMachine: "Retrying" }), NOW);
      expect(costs.projection).toMatchObject({ month: "2025-06", daysElapsed: 10, daysInMonth: 30 });
      // 6 + 3 transitions so far at us-east-1's $0.025 per 1,000; ×3 over the whole month.
      expect(costs.projection.toDateUsd).toBeCloseTo((9 / 1000) * 0.025, 12);
      expect(costs.projection.projectedUsd).toBeCloseTo((27 / 1000) * 0.025, 12);
      // The range (30 days) holds both executions; by state (runs + retries): Step1 2 runs, Step2 2 runs + 2 retries, Step3 1, Step4 1 + 1.
      expect(costs.total.transitions).toBe(9);
      const shares = Object.fromEntries(costs.byState.map((s) => [s.state, [s.transitions, s.share]]));
      expect(shares).toEqual({ Step1: [2, 2 / 9], Step2: [4, 4 / 9], Step3: [1, 1 / 9], Step4: [2, 2 / 9] });
      expect(costs.byMonth).toEqual([{ month: "2025-06", usd: costs.total.usd, transitions: 9, executions: 2 }]);
    } finally {
      await db.pool.query("DELETE FROM app_settings WHERE key = $1", [PRICE_SETTING_KEY]);
    }
  });
});
