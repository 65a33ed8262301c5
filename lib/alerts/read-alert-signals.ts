import type { PriceTable } from "@/lib/cost/price-table";
import type { AlertSignal, Reader } from "@/lib/queries/alert-signals/alert-signal";
import {
  getDurationP95,
  getDurationP95Batch,
  type DurationP95Check,
} from "@/lib/queries/alert-signals/get-duration-p95";
import { getFailureRates, getFailureRatesBatch } from "@/lib/queries/alert-signals/get-failure-rates";
import { getFailureRatesFromRollups } from "@/lib/queries/alert-signals/get-failure-rates-rollup";
import { getMonthlyCost, getMonthlyCostBatch } from "@/lib/queries/alert-signals/get-monthly-cost";
import {
  getNewFailureGroups,
  getNewFailureGroupsBatch,
  getNewFailureGroupsFromFailures,
} from "@/lib/queries/alert-signals/get-new-failure-groups";
import { getRunningLongerThan, getRunningLongerThanBatch } from "@/lib/queries/alert-signals/get-running-longer-than";
import { parseDuration, type AlertCondition, type AlertScope } from "@/lib/store/alert-rule-schema";

const ms = (duration: string | undefined, fallback: number): number =>
  duration === undefined ? fallback : (parseDuration(duration) ?? fallback);
const ago = (now: Date, duration: number) => new Date(now.getTime() - duration);

type Condition<K extends AlertCondition["kind"]> = Extract<AlertCondition, { kind: K }>;

function p95Check(condition: Condition<"duration-p95">, now: Date): DurationP95Check {
  const windowMs = ms(condition.window, 3_600_000);
  return {
    since: ago(now, windowMs),
    windowMs,
    state: condition.state,
    aboveMs: condition.above === undefined ? undefined : ms(condition.above, 0),
    aboveRatio: condition.aboveRatio,
    minCount: condition.minCount ?? 5,
  };
}

/** The keys one rule's condition holds for at `now`, with their facts (one query: the reference {@link readAlertSignalsBatch} must agree with). */
export function readAlertSignals(
  reader: Reader,
  scope: AlertScope,
  condition: AlertCondition,
  now: Date,
  prices: PriceTable,
): Promise<AlertSignal[]> {
  switch (condition.kind) {
    case "new-failure-group":
      return getNewFailureGroups(reader, scope, ago(now, ms(condition.quietFor, 86_400_000)));
    case "failure-rate":
      return getFailureRates(
        reader,
        scope,
        ago(now, ms(condition.window, 3_600_000)),
        condition.abovePercent,
        condition.minCount ?? 10,
      );
    case "duration-p95":
      return getDurationP95(reader, scope, p95Check(condition, now));
    case "running-longer-than":
      return getRunningLongerThan(reader, scope, ago(now, ms(condition.after, 0)), now);
    case "monthly-cost":
      return getMonthlyCost(reader, scope, condition.budgetUsd, prices, now);
    default: {
      const unreachable: never = condition;
      throw new Error(`unknown alert condition ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A rule as the signal reads take it. */
export interface SignalRule {
  readonly id: number;
  readonly scope: AlertScope;
  readonly condition: AlertCondition;
}

/** The batched read of each condition kind (the raw executions' or the rollups'). */
const rawReads = {
  newFailureGroups: getNewFailureGroupsBatch,
  failureRates: getFailureRatesBatch,
  durationP95: getDurationP95Batch,
};
const rollupReads: typeof rawReads = {
  newFailureGroups: getNewFailureGroupsFromFailures,
  failureRates: getFailureRatesFromRollups,
  // The p95 from the executions' durations (index-only): the hourly histogram holds about as many
  // rows as a 1–6 h window has executions at 1,000,000 executions over 90 days, and read 7–10× slower.
  durationP95: getDurationP95Batch,
};

async function readBatched(
  reads: typeof rawReads,
  reader: Reader,
  rules: readonly SignalRule[],
  now: Date,
  prices: PriceTable,
): Promise<Map<number, AlertSignal[]>> {
  const of = <K extends AlertCondition["kind"]>(kind: K) =>
    rules.flatMap((rule) =>
      rule.condition.kind === kind
        ? [{ id: rule.id, scope: rule.scope, condition: rule.condition as Condition<K> }]
        : [],
    );
  const maps = [
    await reads.newFailureGroups(
      reader,
      of("new-failure-group").map((r) => ({ ...r, since: ago(now, ms(r.condition.quietFor, 86_400_000)) })),
    ),
    await reads.failureRates(
      reader,
      of("failure-rate").map((r) => ({
        ...r,
        since: ago(now, ms(r.condition.window, 3_600_000)),
        abovePercent: r.condition.abovePercent,
        minCount: r.condition.minCount ?? 10,
      })),
    ),
    await reads.durationP95(
      reader,
      of("duration-p95").map((r) => ({ ...r, check: p95Check(r.condition, now) })),
    ),
    await getRunningLongerThanBatch(
      reader,
      of("running-longer-than").map((r) => ({ ...r, startedBefore: ago(now, ms(r.condition.after, 0)) })),
      now,
    ),
    await getMonthlyCostBatch(
      reader,
      of("monthly-cost").map((r) => ({ ...r, budgetUsd: r.condition.budgetUsd })),
      prices,
      now,
    ),
  ];
  return new Map(maps.flatMap((map) => [...map]));
}

/**
 * The signals of every rule at `now`, by rule id, from the raw executions: one query per
 * condition kind (all rules of a kind evaluated in one scan of the widest window), not one
 * per rule. Same signals as {@link readAlertSignals} rule by rule.
 */
export function readAlertSignalsBatch(
  reader: Reader,
  rules: readonly SignalRule[],
  now: Date,
  prices: PriceTable,
): Promise<Map<number, AlertSignal[]>> {
  return readBatched(rawReads, reader, rules, now, prices);
}

/**
 * What the evaluator reads: {@link readAlertSignalsBatch}'s signals with failure-rate counted
 * from the hourly rollups (whole hours) and the executions of each window's first part hour,
 * and new-failure-group from the window's failed executions only (a partial index), each
 * group's newest failure read once. The same signals.
 */
export function readAlertSignalsFromRollups(
  reader: Reader,
  rules: readonly SignalRule[],
  now: Date,
  prices: PriceTable,
): Promise<Map<number, AlertSignal[]>> {
  return readBatched(rollupReads, reader, rules, now, prices);
}

/** {@link readAlertSignalsBatch}'s signature; {@link readAlertSignalsPerRule} is the one-query-per-rule reference. */
export type ReadSignals = typeof readAlertSignalsBatch;

/** The signals of every rule, one query per rule (what the evaluation did before the batched reads). */
export const readAlertSignalsPerRule: ReadSignals = async (reader, rules, now, prices) => {
  const out = new Map<number, AlertSignal[]>();
  for (const rule of rules) out.set(rule.id, await readAlertSignals(reader, rule.scope, rule.condition, now, prices));
  return out;
};
