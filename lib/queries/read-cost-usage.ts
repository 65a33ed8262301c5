import type pg from "pg";
import type { UsageDay } from "@/lib/cost/price-usage";

/** A pool or a connection (the alert evaluator reads inside its transaction). */
export type CostReader = Pick<pg.ClientBase, "query">;

/** Usage per state machine and UTC day, as `priceUsage` takes it, and the machines' names by ARN. */
export interface CostUsage {
  /** Keyed by the state machine's ARN: machines of one name in two accounts or regions are two machines, priced and tiered apart. */
  readonly days: UsageDay[];
  readonly names: ReadonlyMap<string, string>;
}

/**
 * The daily cost rollup (`execution_cost_daily_rollups`, aliased `t`) summed per state machine
 * and day under `where` (conditions on `t`, parameters in `values`): what the Costs page and
 * the monthly-cost alert price.
 */
export async function readCostUsage(reader: CostReader, where: string, values: unknown[]): Promise<CostUsage> {
  const { rows } = await reader.query<{
    day: string;
    sm: string;
    arn: string;
    type: "STANDARD" | "EXPRESS";
    region: string | null;
    account: string | null;
    executions: number;
    transitions: string;
    billed_mb_ms: string;
  }>(
    // Summed per machine id first, named after: grouping by the names would hash every row's text.
    `SELECT u.day::text AS day, m.name AS sm, m.arn, m.type::text AS type, m.region, m.account_id AS account,
            u.executions, u.transitions::text AS transitions, u.billed_mb_ms::text AS billed_mb_ms
       FROM (SELECT t.day, t.state_machine_id, sum(t.executions)::int AS executions, sum(t.billable_transitions) AS transitions,
                    sum(t.billed_mb_ms) AS billed_mb_ms
               FROM execution_cost_daily_rollups t WHERE ${where} GROUP BY 1, 2 HAVING sum(t.executions) <> 0) u
       JOIN state_machines m ON m.id = u.state_machine_id`,
    values,
  );
  return {
    names: new Map(rows.map((r) => [r.arn, r.sm])),
    days: rows.map((r) => ({
      day: r.day,
      stateMachine: r.arn,
      type: r.type,
      region: r.region,
      account: r.account,
      executions: r.executions,
      transitions: Number(r.transitions),
      billedMbMs: Number(r.billed_mb_ms),
    })),
  };
}
