import { describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { deriveHistory } from "../history/derive-history";
import type { HistoryEvent } from "../history/types";
import {
  billedDurationMs,
  billedMemoryMb,
  estimateExpressMemoryMb,
  estimateExpressMonth,
  expressGbHoursUsd,
  expressGbSeconds,
} from "./estimate-express";
import { estimateStandardMonth, standardTransitionsUsd } from "./estimate-standard";
import { defaultPriceTable, getStandardPrice, withPriceOverrides } from "./price-table";

const t = (id: number, type: string, extra: Record<string, unknown> = {}): HistoryEvent =>
  ({
    id,
    previousEventId: id - 1,
    timestamp: `2024-01-01T00:00:${String(id).padStart(2, "0")}.000Z`,
    type,
    ...extra,
  }) as HistoryEvent;

describe("Standard cost", () => {
  it("bills every state entered plus every retry: 4 tasks, 2 retried once = 6 transitions = $0.00015 in us-east-1", () => {
    const { parsed } = buildExecutionHistory({ tasks: 4, retryEvery: 2 });
    const derived = deriveHistory(parsed.events, parsed.identity);
    expect(derived.cost.billableTransitions).toBe(6);
    // 6 / 1000 × $0.025 = $0.00015
    expect(
      standardTransitionsUsd(
        derived.cost.billableTransitions,
        getStandardPrice(defaultPriceTable, "us-east-1").usdPer1000Transitions,
      ),
    ).toBeCloseTo(0.00015, 12);
  });

  it("bills an Inline Map's states but not its iterations: Map + 2 × Pass = 3 transitions", () => {
    const events: HistoryEvent[] = [
      t(1, "ExecutionStarted", { executionStartedEventDetails: { input: "{}" } }),
      t(2, "MapStateEntered", { stateEnteredEventDetails: { name: "M", input: "[1,2]" } }),
      t(3, "MapStateStarted", { mapStateStartedEventDetails: { length: 2 } }),
      t(4, "MapIterationStarted", { mapIterationStartedEventDetails: { name: "M", index: 0 } }),
      t(5, "PassStateEntered", { stateEnteredEventDetails: { name: "P", input: "1" } }),
      t(6, "PassStateExited", { stateExitedEventDetails: { name: "P", output: "1" } }),
      t(7, "MapIterationSucceeded", { mapIterationSucceededEventDetails: { name: "M", index: 0 } }),
      t(8, "MapIterationStarted", { mapIterationStartedEventDetails: { name: "M", index: 1 } }),
      t(9, "PassStateEntered", { stateEnteredEventDetails: { name: "P", input: "2" } }),
      t(10, "PassStateExited", { stateExitedEventDetails: { name: "P", output: "2" } }),
      t(11, "MapIterationSucceeded", { mapIterationSucceededEventDetails: { name: "M", index: 1 } }),
      t(12, "MapStateSucceeded"),
      t(13, "MapStateExited", { stateExitedEventDetails: { name: "M", output: "[1,2]" } }),
      t(14, "ExecutionSucceeded", { executionSucceededEventDetails: { output: "[1,2]" } }),
    ];
    expect(deriveHistory(events).cost.billableTransitions).toBe(3);
  });

  it("bills a Distributed Map one transition per child execution started: Map + 5 children = 6", () => {
    const events: HistoryEvent[] = [
      t(1, "ExecutionStarted", { executionStartedEventDetails: { input: "{}" } }),
      t(2, "MapStateEntered", { stateEnteredEventDetails: { name: "D", input: "{}" } }),
      t(3, "MapStateStarted", { mapStateStartedEventDetails: { length: 5 } }),
      t(4, "MapRunStarted", { mapRunStartedEventDetails: { mapRunArn: "arn:aws:states:us-east-1:1:mapRun:sm/D:1" } }),
      t(5, "MapRunSucceeded"),
      t(6, "MapStateSucceeded"),
      t(7, "MapStateExited", { stateExitedEventDetails: { name: "D", output: "{}" } }),
      t(8, "ExecutionSucceeded", { executionSucceededEventDetails: { output: "{}" } }),
    ];
    const { cost } = deriveHistory(events);
    expect(cost).toMatchObject({ mapRunChildExecutions: 5, billableTransitions: 6 });
    // In São Paulo: 6 / 1000 × $0.0375 = $0.000225
    expect(
      standardTransitionsUsd(6, getStandardPrice(defaultPriceTable, "sa-east-1").usdPer1000Transitions),
    ).toBeCloseTo(0.000225, 12);
  });

  it("bills a redrive's re-entered states again: T failed, redriven, T entered again = 2", () => {
    const events: HistoryEvent[] = [
      t(1, "ExecutionStarted", { executionStartedEventDetails: { input: "{}" } }),
      t(2, "TaskStateEntered", { stateEnteredEventDetails: { name: "T", input: "{}" } }),
      t(3, "TaskScheduled", {
        taskScheduledEventDetails: {
          resource: "invoke",
          resourceType: "lambda",
          region: "us-east-1",
          parameters: "{}",
        },
      }),
      t(4, "TaskFailed", { taskFailedEventDetails: { error: "Boom", cause: "x" } }),
      t(5, "ExecutionFailed", { executionFailedEventDetails: { error: "Boom", cause: "x" } }),
      t(6, "ExecutionRedriven", { executionRedrivenEventDetails: { redriveCount: 1 } }),
      t(7, "TaskStateEntered", { stateEnteredEventDetails: { name: "T", input: "{}" } }),
    ];
    expect(deriveHistory(events).cost.billableTransitions).toBe(2);
  });

  it("applies the 4,000 free transitions to the month's first days, crossing mid-month", () => {
    const month = estimateStandardMonth(
      [
        { day: "2024-03-20", transitions: 5_000 },
        { day: "2024-03-01", transitions: 1_500 },
        { day: "2024-03-10", transitions: 2_000 },
      ],
      0.025,
      4_000,
    );
    // 1,500 + 2,000 free; on the 20th 500 free, 4,500 billed: 4.5 × $0.025 = $0.1125
    expect(month.days.map((d) => [d.day, d.freeTransitions, d.billedTransitions])).toEqual([
      ["2024-03-01", 1_500, 0],
      ["2024-03-10", 2_000, 0],
      ["2024-03-20", 500, 4_500],
    ]);
    expect(month.usd).toBeCloseTo(0.1125, 12);
  });

  it("uses a configured override with its provenance, and the default for unlisted regions", () => {
    const table = withPriceOverrides(
      defaultPriceTable,
      { standard: { "eu-west-1": { usdPer1000Transitions: 0.02 } } },
      "2026-01-01",
    );
    expect(getStandardPrice(table, "eu-west-1")).toMatchObject({
      usdPer1000Transitions: 0.02,
      recordedOn: "2026-01-01",
    });
    expect(getStandardPrice(table, "ap-northeast-2").usdPer1000Transitions).toBe(0.0271);
    expect(getStandardPrice(table, "eu-north-1").usdPer1000Transitions).toBe(0.025);
  });
});

describe("Express cost", () => {
  it("rounds duration up to 100 ms (100 ms at least) and memory up to 64 MB chunks", () => {
    expect([0, 1, 100, 101, 250].map(billedDurationMs)).toEqual([100, 100, 100, 200, 300]);
    expect([50, 64, 64.01, 129].map(billedMemoryMb)).toEqual([64, 64, 128, 192]);
  });

  it("estimates memory as 50 MB + definition + data × Map/Parallel steps", () => {
    // 50 + 1 MiB definition + 2 MiB data × 3 steps = 57 MB → billed 64 MB
    const mb = estimateExpressMemoryMb({
      definitionBytes: 1024 * 1024,
      dataBytes: 2 * 1024 * 1024,
      mapOrParallelSteps: 3,
    });
    expect(mb).toBe(57);
    expect(billedMemoryMb(mb)).toBe(64);
    // 50 + 0 + 8 MiB × 2 = 66 MB → 128 MB
    expect(
      billedMemoryMb(
        estimateExpressMemoryMb({ definitionBytes: 0, dataBytes: 8 * 1024 * 1024, mapOrParallelSteps: 2 }),
      ),
    ).toBe(128);
  });

  it("prices GB-hours through the tiers, exactly at and across their boundaries", () => {
    const p = defaultPriceTable.express;
    expect(expressGbHoursUsd(1_000, p)).toBeCloseTo(60, 9); // 1,000 × 0.06
    expect(expressGbHoursUsd(5_000, p)).toBeCloseTo(180, 9); // 60 + 4,000 × 0.03
    expect(expressGbHoursUsd(6_000, p)).toBeCloseTo(196.42, 9); // 180 + 1,000 × 0.01642
  });

  it("prices a month of 2,000,000 executions of 1,234 ms at 64 MB", () => {
    // 1,234 ms → 1,300 ms; 1.3 s × 0.0625 GB = 0.08125 GB-s each; × 2e6 = 162,500 GB-s = 45.1389 GB-h
    const gbs = expressGbSeconds(billedDurationMs(1_234), billedMemoryMb(50)) * 2_000_000;
    expect(gbs).toBeCloseTo(162_500, 6);
    const month = estimateExpressMonth({ requests: 2_000_000, gbSeconds: gbs }, defaultPriceTable.express);
    // requests $2.00 + 45.13889 GB-h × $0.06 = $2.708333 → $4.708333
    expect(month.requestsUsd).toBeCloseTo(2, 9);
    expect(month.durationUsd).toBeCloseTo((162_500 / 3600) * 0.06, 9);
    expect(month.usd).toBeCloseTo(4.708333, 5);
  });
});
