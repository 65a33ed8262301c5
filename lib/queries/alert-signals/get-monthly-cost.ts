import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import { readCostUsage } from "@/lib/queries/read-cost-usage";
import type { PriceTable } from "@/lib/cost/price-table";
import { priceUsage } from "@/lib/cost/price-usage";
import type { AlertSignal, Reader } from "./alert-signal";

/**
 * The month's cost so far in scope (the Costs page's usage read, priced with the configured table) and
 * its projection (so far ÷ the elapsed share of the month); one signal (key `month`) when
 * the projection is above `budgetUsd`. `prices`: `loadPriceTable`'s.
 */
export async function getMonthlyCost(
  reader: Reader,
  scope: AlertScope,
  budgetUsd: number,
  prices: PriceTable,
  now: Date,
): Promise<AlertSignal[]> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const values: unknown[] = [monthStart.toISOString().slice(0, 10)];
  const where = alertScopeSql(scope, "t", values);
  const usage = await readCostUsage(reader, `t.day >= $1::date AND ${where}`, values);
  const priced = priceUsage(usage.days, prices);
  const soFar = priced.reduce((sum, d) => sum + d.usd, 0);
  const elapsed =
    Math.max(now.getTime() - monthStart.getTime(), 3_600_000) / (monthEnd.getTime() - monthStart.getTime());
  const projected = soFar / Math.min(1, elapsed);
  if (!(projected > budgetUsd)) return [];
  const round = (usd: number) => Math.round(usd * 100) / 100;
  return [
    {
      key: "month",
      facts: {
        summary: `projected cost of ${now.toISOString().slice(0, 7)} is $${round(projected)} (budget $${budgetUsd}; $${round(soFar)} so far)`,
        where: "scope",
        count: priced.reduce((sum, d) => sum + d.executions, 0),
        value: projected,
        threshold: budgetUsd,
        unit: "usd",
      },
    },
  ];
}
