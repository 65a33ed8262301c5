import type { PriceTable } from "@/lib/cost/price-table";
import type { AlertSignal, Reader } from "@/lib/queries/alert-signals/alert-signal";
import { getDurationP95 } from "@/lib/queries/alert-signals/get-duration-p95";
import { getFailureRates } from "@/lib/queries/alert-signals/get-failure-rates";
import { getMonthlyCost } from "@/lib/queries/alert-signals/get-monthly-cost";
import { getNewFailureGroups } from "@/lib/queries/alert-signals/get-new-failure-groups";
import { getRunningLongerThan } from "@/lib/queries/alert-signals/get-running-longer-than";
import { parseDuration, type AlertCondition, type AlertScope } from "@/lib/store/alert-rule-schema";

const ms = (duration: string | undefined, fallback: number): number =>
  duration === undefined ? fallback : (parseDuration(duration) ?? fallback);

/** The keys a rule's condition holds for at `now`, with their facts. */
export function readAlertSignals(
  reader: Reader,
  scope: AlertScope,
  condition: AlertCondition,
  now: Date,
  prices: PriceTable,
): Promise<AlertSignal[]> {
  const ago = (duration: number) => new Date(now.getTime() - duration);
  switch (condition.kind) {
    case "new-failure-group":
      return getNewFailureGroups(reader, scope, ago(ms(condition.quietFor, 86_400_000)));
    case "failure-rate":
      return getFailureRates(
        reader,
        scope,
        ago(ms(condition.window, 3_600_000)),
        condition.abovePercent,
        condition.minCount ?? 10,
      );
    case "duration-p95": {
      const windowMs = ms(condition.window, 3_600_000);
      return getDurationP95(reader, scope, {
        since: ago(windowMs),
        windowMs,
        state: condition.state,
        aboveMs: condition.above === undefined ? undefined : ms(condition.above, 0),
        aboveRatio: condition.aboveRatio,
        minCount: condition.minCount ?? 5,
      });
    }
    case "running-longer-than":
      return getRunningLongerThan(reader, scope, ago(ms(condition.after, 0)), now);
    case "monthly-cost":
      return getMonthlyCost(reader, scope, condition.budgetUsd, prices, now);
    default: {
      const unreachable: never = condition;
      throw new Error(`unknown alert condition ${JSON.stringify(unreachable)}`);
    }
  }
}
