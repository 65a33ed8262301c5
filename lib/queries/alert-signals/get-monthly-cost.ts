import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import type { PriceTable } from "@/lib/cost/price-table";
import { priceUsage } from "@/lib/cost/price-usage";
import type { AlertSignal, Reader } from "./alert-signal";

/**
 * The month's cost so far in scope (the cost rollups priced with the configured table) and
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
  const usage = await reader.query<{
    day: string;
    sm: string;
    type: "STANDARD" | "EXPRESS";
    region: string | null;
    account: string | null;
    executions: number;
    transitions: string;
    billed_mb_ms: string;
  }>(
    `SELECT t.day::text AS day, m.name AS sm, m.type::text AS type, m.region, m.account_id AS account,
              sum(t.executions)::int AS executions, sum(t.billable_transitions)::text AS transitions,
              sum(t.billed_mb_ms)::text AS billed_mb_ms
         FROM execution_cost_daily_rollups t JOIN state_machines m ON m.id = t.state_machine_id
        WHERE t.day >= $1::date AND ${where}
        GROUP BY 1, 2, 3, 4, 5`,
    values,
  );
  const priced = priceUsage(
    usage.rows.map((r) => ({
      day: r.day,
      stateMachine: r.sm,
      type: r.type,
      region: r.region,
      account: r.account,
      executions: r.executions,
      transitions: Number(r.transitions),
      billedMbMs: Number(r.billed_mb_ms),
    })),
    prices,
  );
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
