// Baseline for bench/queries: lib/queries/get-costs.ts as of commit 66185d3 (before the issue-6 speed work), kept
// unchanged so one bench run times the previous and the current read side by side. Not used by the app.
import type { Database } from "@/lib/db/database";
import { getRangeStart, type AnalyticsParams } from "@/lib/queries/analytics-params";
import { loadPriceTable } from "@/lib/cost/load-price-table";
import { getStandardPrice, type PriceTable } from "@/lib/cost/price-table";
import { priceUsage, type PricedDay, type UsageDay } from "@/lib/cost/price-usage";
import { analyticsFilterSql, sqlParam } from "./analytics-filter-sql";

export interface CostMachineRow {
  readonly stateMachine: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly region: string | null;
  readonly executions: number;
  readonly transitions: number;
  readonly gbSeconds: number;
  readonly usd: number;
  readonly otherTypeUsd: number;
}

export interface Costs {
  readonly prices: PriceTable;
  readonly total: {
    readonly usd: number;
    readonly otherTypeUsd: number;
    readonly executions: number;
    readonly transitions: number;
  };
  readonly byDay: readonly { readonly day: string; readonly standardUsd: number; readonly expressUsd: number }[];
  readonly byMonth: readonly {
    readonly month: string;
    readonly usd: number;
    readonly transitions: number;
    readonly executions: number;
  }[];
  readonly byMachine: readonly CostMachineRow[];
  /** States by billable transitions (runs + retries), with their share of their machine's and their cost before the free tier. */
  readonly byState: readonly {
    readonly stateMachine: string;
    readonly state: string;
    readonly transitions: number;
    readonly share: number;
    readonly usd: number;
  }[];
  /** Standard executions with the most billable transitions in the range, priced without the free tier. */
  readonly topExecutions: readonly {
    readonly executionArn: string;
    readonly name: string;
    readonly stateMachine: string;
    readonly transitions: number;
    readonly usd: number;
  }[];
  /** The current UTC month: cost to date and the same rate over the whole month. */
  readonly projection: {
    readonly month: string;
    readonly toDateUsd: number;
    readonly projectedUsd: number;
    readonly daysElapsed: number;
    readonly daysInMonth: number;
  };
}

const DAY = 86_400_000;
const sumBy = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

/** The Costs page, from the daily cost and per-state rollups, priced with the configured table. */
export async function getCosts(db: Pick<Database, "pool">, p: AnalyticsParams, now = new Date()): Promise<Costs> {
  const prices = await loadPriceTable(db, now);
  const start = getRangeStart(p.range, now);
  const startDay = start?.toISOString().slice(0, 10) ?? null;
  const monthStart = `${now.toISOString().slice(0, 7)}-01`;
  // Whole months: the free tier and Express tiers are monthly.
  const loadFrom = startDay === null ? null : `${[startDay, monthStart].sort()[0]!.slice(0, 7)}-01`;

  const values: unknown[] = [];
  let where = analyticsFilterSql(p, values);
  if (loadFrom) where += ` AND t.day >= ${sqlParam(values, loadFrom)}::date`;
  const usage = await db.pool.query<{
    day: string;
    sm: string;
    type: "STANDARD" | "EXPRESS";
    region: string | null;
    account: string | null;
    executions: number;
    transitions: string;
    billed_mb_ms: string;
  }>(
    `SELECT to_char(t.day, 'YYYY-MM-DD') AS day, m.name AS sm, m.type::text AS type, m.region, m.account_id AS account,
            sum(t.executions)::int AS executions, sum(t.billable_transitions)::text AS transitions, sum(t.billed_mb_ms)::text AS billed_mb_ms
       FROM execution_cost_daily_rollups t JOIN state_machines m ON m.id = t.state_machine_id
      WHERE ${where} GROUP BY 1, 2, 3, 4, 5 HAVING sum(t.executions) <> 0`,
    values,
  );
  const days: UsageDay[] = usage.rows.map((r) => ({
    day: r.day,
    stateMachine: r.sm,
    type: r.type,
    region: r.region,
    account: r.account,
    executions: r.executions,
    transitions: Number(r.transitions),
    billedMbMs: Number(r.billed_mb_ms),
  }));
  const priced = priceUsage(days, prices);
  const inRange = priced.filter((d) => startDay === null || d.day >= startDay);

  const [byState, topExecutions] = await Promise.all([
    getStateCosts(db, p, startDay, prices),
    getTopExecutions(db, p, start, prices),
  ]);
  return {
    prices,
    total: {
      usd: sumBy(inRange, (d) => d.usd),
      otherTypeUsd: sumBy(inRange, (d) => d.otherTypeUsd),
      executions: sumBy(inRange, (d) => d.executions),
      transitions: sumBy(inRange, (d) => d.transitions),
    },
    byDay: rollUp(inRange, (d) => d.day).map(([day, rows]) => ({
      day,
      standardUsd: sumBy(
        rows.filter((r) => r.type === "STANDARD"),
        (r) => r.usd,
      ),
      expressUsd: sumBy(
        rows.filter((r) => r.type === "EXPRESS"),
        (r) => r.usd,
      ),
    })),
    byMonth: rollUp(inRange, (d) => d.day.slice(0, 7)).map(([month, rows]) => ({
      month,
      usd: sumBy(rows, (r) => r.usd),
      transitions: sumBy(rows, (r) => r.transitions),
      executions: sumBy(rows, (r) => r.executions),
    })),
    byMachine: rollUp(inRange, (d) => d.stateMachine)
      .map(([stateMachine, rows]) => ({
        stateMachine,
        type: rows[0]!.type,
        region: rows[0]!.region,
        executions: sumBy(rows, (r) => r.executions),
        transitions: sumBy(rows, (r) => r.transitions),
        gbSeconds: sumBy(rows, (r) => r.gbSeconds),
        usd: sumBy(rows, (r) => r.usd),
        otherTypeUsd: sumBy(rows, (r) => r.otherTypeUsd),
      }))
      .sort((a, b) => b.usd - a.usd),
    byState,
    topExecutions,
    projection: project(
      priced.filter((d) => d.day >= monthStart),
      days.filter((d) => d.day >= monthStart),
      prices,
      now,
    ),
  };
}

function rollUp(rows: readonly PricedDay[], key: (d: PricedDay) => string): [string, PricedDay[]][] {
  const out = new Map<string, PricedDay[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return [...out].sort(([a], [b]) => a.localeCompare(b));
}

// The month so far, scaled to the whole month and priced again (so the free tier and tiers apply to the projection).
function project(
  toDate: readonly PricedDay[],
  usage: readonly UsageDay[],
  prices: PriceTable,
  now: Date,
): Costs["projection"] {
  const month = now.toISOString().slice(0, 7);
  const first = Date.parse(`${month}-01T00:00:00Z`);
  const next = new Date(first);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const daysInMonth = Math.round((next.getTime() - first) / DAY);
  const daysElapsed = Math.max((now.getTime() - first) / DAY, 1 / 24);
  const scale = daysInMonth / daysElapsed;
  const scaled = usage.map((d) => ({
    ...d,
    executions: d.executions * scale,
    transitions: d.transitions * scale,
    billedMbMs: d.billedMbMs * scale,
  }));
  return {
    month,
    toDateUsd: sumBy(toDate, (d) => d.usd),
    projectedUsd: sumBy(priceUsage(scaled, prices), (d) => d.usd),
    daysElapsed,
    daysInMonth,
  };
}

async function getStateCosts(
  db: Pick<Database, "pool">,
  p: AnalyticsParams,
  startDay: string | null,
  prices: PriceTable,
): Promise<Costs["byState"]> {
  const values: unknown[] = [];
  let where = analyticsFilterSql(p, values);
  if (startDay) where += ` AND t.day >= ${sqlParam(values, startDay)}::date`;
  const { rows } = await db.pool.query<{
    sm: string;
    region: string | null;
    state: string;
    transitions: string;
    sm_transitions: string;
  }>(
    `WITH s AS (
       SELECT m.id, m.name AS sm, m.region, t.state_name AS state, sum(t.transitions) AS transitions
         FROM state_daily_rollups t JOIN state_machines m ON m.id = t.state_machine_id
        WHERE ${where} AND m.type = 'STANDARD' GROUP BY 1, 2, 3, 4)
     SELECT sm, region, state, transitions::text, (sum(transitions) OVER (PARTITION BY id))::text AS sm_transitions
       FROM s WHERE transitions > 0 ORDER BY transitions DESC LIMIT 30`,
    values,
  );
  return rows.map((r) => ({
    stateMachine: r.sm,
    state: r.state,
    transitions: Number(r.transitions),
    share: Number(r.sm_transitions) > 0 ? Number(r.transitions) / Number(r.sm_transitions) : 0,
    usd: (Number(r.transitions) / 1000) * getStandardPrice(prices, r.region).usdPer1000Transitions,
  }));
}

async function getTopExecutions(
  db: Pick<Database, "pool">,
  p: AnalyticsParams,
  start: Date | null,
  prices: PriceTable,
): Promise<Costs["topExecutions"]> {
  const values: unknown[] = [];
  const where = ["e.type = 'STANDARD'"];
  if (p.stateMachine) where.push(`m.name = ${sqlParam(values, p.stateMachine)}`);
  if (p.account) where.push(`m.account_id = ${sqlParam(values, p.account)}`);
  if (p.region) where.push(`m.region = ${sqlParam(values, p.region)}`);
  if (p.source) where.push(`e.source_id IN (SELECT id FROM sources WHERE name = ${sqlParam(values, p.source)})`);
  if (start) where.push(`e.start_date >= ${sqlParam(values, start)}`);
  // executions_billable_transitions_idx: walks from the most transitions down.
  const { rows } = await db.pool.query<{
    execution_arn: string;
    name: string;
    sm: string;
    region: string | null;
    transitions: number;
  }>(
    `SELECT e.execution_arn, e.name, m.name AS sm, m.region, e.billable_transitions AS transitions
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
      WHERE ${where.join(" AND ")} ORDER BY e.billable_transitions DESC LIMIT 10`,
    values,
  );
  return rows.map((r) => ({
    executionArn: r.execution_arn,
    name: r.name,
    stateMachine: r.sm,
    transitions: r.transitions,
    usd: (r.transitions / 1000) * getStandardPrice(prices, r.region).usdPer1000Transitions,
  }));
}
