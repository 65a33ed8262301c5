import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import { alertBatchCtes, alertBatchParam, byRule } from "@/lib/queries/alert-signals/alert-batch-sql";
import { readCostUsage } from "@/lib/queries/read-cost-usage";
import type { PriceTable } from "@/lib/cost/price-table";
import { priceUsage, type UsageDay } from "@/lib/cost/price-usage";
import type { AlertSignal, Reader } from "./alert-signal";

const monthOf = (now: Date) => ({
  start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
  end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
});

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
  const values: unknown[] = [monthOf(now).start.toISOString().slice(0, 10)];
  const where = alertScopeSql(scope, "t", values);
  const usage = await readCostUsage(reader, `t.day >= $1::date AND ${where}`, values);
  const signal = toSignal(usage.days, budgetUsd, prices, now);
  return signal === null ? [] : [signal];
}

/** {@link getMonthlyCost} of many rules (by id) in one read of the month's cost rollup. */
export async function getMonthlyCostBatch(
  reader: Reader,
  rules: readonly { id: number; scope: AlertScope; budgetUsd: number }[],
  prices: PriceTable,
  now: Date,
): Promise<Map<number, AlertSignal[]>> {
  if (rules.length === 0) return new Map();
  const batch = rules.map((rule) => ({ id: rule.id, scope: rule.scope, params: {} }));
  const { rows } = await reader.query<{
    rule_id: number;
    day: string;
    arn: string;
    type: "STANDARD" | "EXPRESS";
    region: string | null;
    account: string | null;
    executions: number;
    transitions: string;
    billed_mb_ms: string;
  }>(
    // The same sums as readCostUsage (per machine and day), per rule.
    `WITH ${alertBatchCtes()},
     u AS (
       SELECT s.rule_id, t.day, t.state_machine_id, sum(t.executions)::int AS executions,
              sum(t.billable_transitions) AS transitions, sum(t.billed_mb_ms) AS billed_mb_ms
         FROM execution_cost_daily_rollups t
         JOIN scope s ON s.state_machine_id = t.state_machine_id AND s.source_id = t.source_id
        WHERE t.day >= $2::date GROUP BY 1, 2, 3 HAVING sum(t.executions) <> 0)
     SELECT u.rule_id, u.day::text AS day, m.arn, m.type::text AS type, m.region, m.account_id AS account,
            u.executions, u.transitions::text AS transitions, u.billed_mb_ms::text AS billed_mb_ms
       FROM u JOIN state_machines m ON m.id = u.state_machine_id`,
    [alertBatchParam(batch), monthOf(now).start.toISOString().slice(0, 10)],
  );
  const days = byRule(batch, rows, (r) => ({
    day: r.day,
    stateMachine: r.arn,
    type: r.type,
    region: r.region,
    account: r.account,
    executions: r.executions,
    transitions: Number(r.transitions),
    billedMbMs: Number(r.billed_mb_ms),
  }));
  return new Map(
    rules.map((rule) => {
      const signal = toSignal(days.get(rule.id) ?? [], rule.budgetUsd, prices, now);
      return [rule.id, signal === null ? [] : [signal]];
    }),
  );
}

function toSignal(days: UsageDay[], budgetUsd: number, prices: PriceTable, now: Date): AlertSignal | null {
  const month = monthOf(now);
  // In one order whatever order the rows came in, so a rule's sum is the same to the last bit on every read.
  const ordered = [...days].sort((a, b) => a.stateMachine.localeCompare(b.stateMachine) || a.day.localeCompare(b.day));
  const priced = priceUsage(ordered, prices);
  const soFar = priced.reduce((sum, d) => sum + d.usd, 0);
  const elapsed =
    Math.max(now.getTime() - month.start.getTime(), 3_600_000) / (month.end.getTime() - month.start.getTime());
  const projected = soFar / Math.min(1, elapsed);
  if (!(projected > budgetUsd)) return null;
  const round = (usd: number) => Math.round(usd * 100) / 100;
  return {
    key: "month",
    facts: {
      summary: `projected cost of ${now.toISOString().slice(0, 7)} is $${round(projected)} (budget $${budgetUsd}; $${round(soFar)} so far)`,
      where: "scope",
      count: priced.reduce((sum, d) => sum + d.executions, 0),
      value: projected,
      threshold: budgetUsd,
      unit: "usd",
    },
  };
}
