/**
 * A worked cost example from a history recorded on real AWS (the conformance corpus),
 * checked end to end: the recorded events → lib/history's billable transitions →
 * lib/cost's prices, free tier and regions.
 *
 * Case `scenarios.base_scenarios.map_state_retry` (Standard, FAILED): StartState (Pass),
 * then an inline Map whose only iteration fails in HandleItemFail; the Map has a Retrier
 * and is retried twice, each attempt running its iteration again.
 *
 *   states entered (billed):   StartState 1 + MapState 1 + HandleItemFail 3 (one per attempt) = 5
 *   retries (billed):          MapState retried 2 times                                         = 2
 *   Map iterations themselves: not billed (MapIterationStarted is not a state transition)        = 0
 *   billable transitions per execution                                                          = 7
 *
 *   one execution, us-east-1 ($0.025 per 1,000), no free tier:   7 × $0.025 / 1,000 = $0.000175
 *   1,000,000 in one month, one account, us-east-1:  7,000,000 − 4,000 free = 6,996,000 × $0.000025 = $174.90
 *   the same month in São Paulo (sa-east-1, $0.0375 per 1,000):  6,996,000 × $0.0000375            = $262.35
 *   the free tier crossing mid-month: 400 executions on the 1st (2,800 transitions, all free) and
 *   400 on the 2nd (2,800: the last 1,200 free, 1,600 billed) → 1st $0, 2nd 1,600 × $0.000025 = $0.04
 *
 * Express cannot be worked from the corpus: its recordings keep no timestamps (every one is
 * "timestamp"), and Express is billed by duration.
 */
import { describe, expect, it } from "vitest";
import { estimateStandardMonth } from "@/lib/cost/estimate-standard";
import { defaultPriceTable, getStandardPrice } from "@/lib/cost/price-table";
import { priceUsage } from "@/lib/cost/price-usage";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import { conformanceDir, loadConformanceCases, toAwsHistory } from "./denormalize";

const CASE = "scenarios.base_scenarios.map_state_retry";
const dir = conformanceDir();

if (dir === null)
  describe("cost worked example (conformance)", () => {
    console.warn("shared/conformance not found: cost worked example skipped");
    it.skip("shared/conformance not found: cost worked example skipped", () => {});
  });

if (dir !== null)
  describe(`cost worked example: ${CASE}`, () => {
    const c = loadConformanceCases().find((x) => x.name === CASE);
    const derive = () => {
      if (c === undefined) throw new Error(`case ${CASE} is not in the corpus`);
      const [parsed] = parseHistoryFile(JSON.stringify(toAwsHistory(c)), { fileName: `${CASE}.json` });
      if (parsed === undefined) throw new Error(`${CASE}: no execution parsed`);
      return { events: parsed.events, derived: deriveHistory(parsed.events, parsed.identity) };
    };

    it("bills 7 transitions: 5 states entered (Map iterations not themselves) + 2 retries", () => {
      const { events, derived } = derive();
      const entered = events
        .filter((e) => e.type.endsWith("StateEntered"))
        .map((e) => (e["stateEnteredEventDetails"] as { name?: string } | undefined)?.name);
      expect(entered).toEqual(["StartState", "MapState", "HandleItemFail", "HandleItemFail", "HandleItemFail"]);
      expect(events.filter((e) => e.type === "MapIterationStarted").length).toBe(3);
      expect(derived.summary.status).toBe("FAILED");
      expect(derived.cost).toEqual({ billableTransitions: 7, retries: 2, mapRunChildExecutions: 0 });
    });

    it("prices one execution at $0.000175 in us-east-1 before the free tier", () => {
      const { derived } = derive();
      const usdPer1000 = getStandardPrice(defaultPriceTable, "us-east-1").usdPer1000Transitions;
      expect(usdPer1000).toBe(0.025);
      expect((derived.cost.billableTransitions / 1000) * usdPer1000).toBeCloseTo(0.000175, 12);
    });

    it("prices a month of 1,000,000 of them at $174.90 in us-east-1 and $262.35 in São Paulo (4,000 free transitions a month)", () => {
      const { derived } = derive();
      const month = (region: string) =>
        priceUsage(
          [
            {
              day: "2026-11-01",
              stateMachine: "Recorded",
              type: "STANDARD",
              region,
              account: "111111111111",
              executions: 1_000_000,
              transitions: derived.cost.billableTransitions * 1_000_000,
              billedMbMs: 0,
            },
          ],
          defaultPriceTable,
        )[0]!.usd;
      expect(month("us-east-1")).toBeCloseTo(174.9, 9);
      expect(month("sa-east-1")).toBeCloseTo(262.35, 9);
    });

    it("uses the free tier up on the 1st and crosses it on the 2nd: $0 then $0.04", () => {
      const { derived } = derive();
      const perDay = 400 * derived.cost.billableTransitions;
      const month = estimateStandardMonth(
        [
          { day: "2026-11-02", transitions: perDay },
          { day: "2026-11-01", transitions: perDay },
        ],
        0.025,
        defaultPriceTable.freeTransitionsPerMonth,
      );
      expect(month.days.map((d) => [d.day, d.transitions, d.freeTransitions, d.billedTransitions])).toEqual([
        ["2026-11-01", 2_800, 2_800, 0],
        ["2026-11-02", 2_800, 1_200, 1_600],
      ]);
      expect(month.days[0]!.usd).toBe(0);
      expect(month.days[1]!.usd).toBeCloseTo(0.04, 12);
    });
  });
