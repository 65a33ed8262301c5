import type { Database } from "@/lib/db/database";
import type { AnalyticsParams } from "@/lib/queries/analytics-params";
import { getStandardPrice, type PriceTable } from "@/lib/cost/price-table";
import { sqlParam, stateMachineColumn } from "./analytics-filter-sql";
import type { Costs } from "./cost-types";
import { productionScopeSql } from "./production-scope";

/** The Costs page's ten Standard executions with the most billable transitions since `start`, priced. */
export async function getTopCostExecutions(
  db: Pick<Database, "pool">,
  p: AnalyticsParams,
  start: Date | null,
  pricesRead: Promise<PriceTable>,
): Promise<Costs["topExecutions"]> {
  const values: unknown[] = [];
  const machine = ["m.type = 'STANDARD'"];
  const execution = ["e.state_machine_id = m.id"];
  if (p.stateMachine) machine.push(`${stateMachineColumn(p.stateMachine, "m")} = ${sqlParam(values, p.stateMachine)}`);
  if (p.account) machine.push(`m.account_id = ${sqlParam(values, p.account)}`);
  if (p.region) machine.push(`m.region = ${sqlParam(values, p.region)}`);
  const used = ["t.executions > 0"];
  if (p.source) {
    const source = `(SELECT id FROM sources WHERE name = ${sqlParam(values, p.source)})`;
    execution.push(`e.source_id = ${source}`);
    used.push(`t.source_id = ${source}`);
  }
  const scope = productionScopeSql("e.source_id", p);
  if (scope !== "TRUE") {
    execution.push(scope);
    used.push(productionScopeSql("t.source_id", p));
  }
  if (start) {
    execution.push(`e.start_date >= ${sqlParam(values, start)}`);
    used.push(`t.day >= ${sqlParam(values, start.toISOString().slice(0, 10))}::date`);
  }
  // Only machines the daily cost rollup shows with executions in the range (and source): a
  // machine with none would have its whole index walked for nothing.
  machine.push(`m.id IN (SELECT t.state_machine_id FROM execution_cost_daily_rollups t WHERE ${used.join(" AND ")})`);
  // Each state machine's top ten ids from executions_state_machine_id_billable_transitions_idx (walked
  // from the most transitions down, range, source and type checked in the index alone), the top ten of
  // those, and only then their rows: one walk over the whole table's transitions index would pass
  // every other machine's executions, and reading rows while walking costs a heap read per entry.
  const { rows } = await db.pool.query<{
    execution_arn: string;
    name: string;
    sm: string;
    sm_arn: string;
    region: string | null;
    transitions: number;
  }>(
    `WITH top AS MATERIALIZED (
       SELECT x.id, x.start_date, x.transitions, m.name AS sm, m.arn AS sm_arn, m.region FROM state_machines m
        CROSS JOIN LATERAL (SELECT e.id, e.start_date, e.billable_transitions AS transitions FROM executions e
                             WHERE ${execution.join(" AND ")} AND e.type = 'STANDARD' ORDER BY e.billable_transitions DESC LIMIT 10) x
        WHERE ${machine.join(" AND ")} ORDER BY x.transitions DESC, x.id LIMIT 10)
     SELECT e.execution_arn, e.name, top.sm, top.sm_arn, top.region, top.transitions FROM top
       -- On the partition key too: each row read from its month's partition alone.
       JOIN executions e ON e.id = top.id AND e.start_date = top.start_date
      ORDER BY top.transitions DESC, top.id`,
    values,
  );
  const prices = await pricesRead;
  return rows.map((r) => ({
    executionArn: r.execution_arn,
    name: r.name,
    stateMachine: r.sm,
    stateMachineArn: r.sm_arn,
    transitions: r.transitions,
    usd: (r.transitions / 1000) * getStandardPrice(prices, r.region).usdPer1000Transitions,
  }));
}
