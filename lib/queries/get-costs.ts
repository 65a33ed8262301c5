import type { Database } from "@/lib/db/database";
import { getRangeStart, type AnalyticsParams } from "@/lib/queries/analytics-params";
import { loadPriceTable } from "@/lib/cost/load-price-table";
import { getStandardPrice, type PriceTable } from "@/lib/cost/price-table";
import { priceUsage, type PricedDay, type UsageDay } from "@/lib/cost/price-usage";
import { analyticsFilterSql, sqlParam } from "./analytics-filter-sql";
import { getTopCostExecutions } from "./get-top-cost-executions";
import { readCostUsage } from "./read-cost-usage";
import { stateRollupsSince } from "./rollup-since-sql";
import { getBucketLowerMs } from "@/lib/analytics/duration-bucket";
import { formatDuration } from "@/lib/format/format-duration";
import type { CostMachineRow, Costs } from "./cost-types";

export type { CostMachineRow, Costs };

const DAY = 86_400_000;
/** An Express execution runs for at most five minutes (AWS Step Functions quotas: "Maximum execution time"). */
const EXPRESS_MAX_MS = 5 * 60_000;
const sumBy = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

/** The Costs page, from the daily cost and per-state rollups, priced with the configured table. */
export async function getCosts(db: Pick<Database, "pool">, p: AnalyticsParams, now = new Date()): Promise<Costs> {
  // The four reads are independent: sent at once, priced when the table arrives.
  const pricesRead = loadPriceTable(db, now);
  const start = getRangeStart(p.range, now);
  const startDay = start?.toISOString().slice(0, 10) ?? null;
  const monthStart = `${now.toISOString().slice(0, 7)}-01`;
  // Whole months: the free tier and Express tiers are monthly.
  const loadFrom = startDay === null ? null : `${[startDay, monthStart].sort()[0]!.slice(0, 7)}-01`;

  const values: unknown[] = [];
  let where = analyticsFilterSql(p, values);
  if (loadFrom) where += ` AND t.day >= ${sqlParam(values, loadFrom)}::date`;
  const usageRead = readCostUsage(db.pool, where, values);
  const byStateRead = getStateCosts(db, p, startDay, pricesRead);
  const topRead = getTopCostExecutions(db, p, start, pricesRead);
  const longestRead = getLongestStandard(db, p, startDay);
  const [prices, usage, byState, topExecutions, longest] = await Promise.all([
    pricesRead,
    usageRead,
    byStateRead,
    topRead,
    longestRead,
  ]);
  const { names, days } = usage;
  // A Standard machine whose executions outlast Express's limit could not run as Express at all.
  const unavailable = new Map(
    [...longest]
      .filter(([, ms]) => ms > EXPRESS_MAX_MS)
      .map(([arn, ms]) => [arn, `executions last over ${formatDuration(ms)}; Express runs at most 5 minutes`]),
  );
  const priced = priceUsage(days, prices);
  const inRange = priced.filter((d) => startDay === null || d.day >= startDay);

  return {
    prices,
    total: {
      usd: sumBy(inRange, (d) => d.usd),
      otherTypeUsd: sumBy(
        inRange.filter((d) => !unavailable.has(d.stateMachine)),
        (d) => d.otherTypeUsd,
      ),
      otherTypeExcluded: new Set(inRange.filter((d) => unavailable.has(d.stateMachine)).map((d) => d.stateMachine))
        .size,
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
      .map(([arn, rows]) => ({
        stateMachine: names.get(arn) ?? arn,
        stateMachineArn: arn,
        type: rows[0]!.type,
        region: rows[0]!.region,
        executions: sumBy(rows, (r) => r.executions),
        transitions: sumBy(rows, (r) => r.transitions),
        gbSeconds: sumBy(rows, (r) => r.gbSeconds),
        usd: sumBy(rows, (r) => r.usd),
        otherTypeUsd: sumBy(rows, (r) => r.otherTypeUsd),
        otherTypeUnavailable: unavailable.get(arn) ?? null,
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
    day: d.day,
    stateMachine: d.stateMachine,
    type: d.type,
    region: d.region,
    account: d.account,
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
  pricesRead: Promise<PriceTable>,
): Promise<Costs["byState"]> {
  const values: unknown[] = [];
  const rollups = stateRollupsSince(startDay, values);
  const where = analyticsFilterSql(p, values);
  const { rows } = await db.pool.query<{
    sm: string;
    arn: string;
    region: string | null;
    state: string;
    transitions: string;
    sm_transitions: string;
  }>(
    `WITH s AS (
       SELECT m.id, m.name AS sm, m.arn, m.region, t.state_name AS state, sum(t.transitions) AS transitions
         FROM ${rollups} t JOIN state_machines m ON m.id = t.state_machine_id
        WHERE ${where} AND m.type = 'STANDARD' GROUP BY 1, 2, 3, 4, 5)
     SELECT sm, arn, region, state, transitions::text, (sum(transitions) OVER (PARTITION BY id))::text AS sm_transitions
       FROM s WHERE transitions > 0`,
    values,
  );
  const prices = await pricesRead;
  // Ordered by cost, which the region's price sets (not the transitions alone); every state, the page picks its slice.
  return rows
    .map((r) => ({
      stateMachine: r.sm,
      stateMachineArn: r.arn,
      state: r.state,
      transitions: Number(r.transitions),
      share: Number(r.sm_transitions) > 0 ? Number(r.transitions) / Number(r.sm_transitions) : 0,
      usd: (Number(r.transitions) / 1000) * getStandardPrice(prices, r.region).usdPer1000Transitions,
    }))
    .sort(
      (a, b) =>
        b.usd - a.usd ||
        b.transitions - a.transitions ||
        a.stateMachine.localeCompare(b.stateMachine) ||
        a.state.localeCompare(b.state),
    );
}

/** Per Standard state machine (by ARN), a duration its longest execution in the range exceeds (ms). */
async function getLongestStandard(
  db: Pick<Database, "pool">,
  p: AnalyticsParams,
  startDay: string | null,
): Promise<Map<string, number>> {
  const values: unknown[] = [];
  let where = analyticsFilterSql(p, values);
  if (startDay) where += ` AND t.day >= ${sqlParam(values, startDay)}::date`;
  const { rows } = await db.pool.query<{ sm: string; bucket: number }>(
    `SELECT m.arn AS sm, max(t.bucket)::int AS bucket
       FROM execution_duration_daily_rollups t JOIN state_machines m ON m.id = t.state_machine_id
      WHERE ${where} AND m.type = 'STANDARD' AND t.count > 0 GROUP BY 1`,
    values,
  );
  // The histogram's bucket bounds the longest duration from below: the bucket holds only longer ones.
  return new Map(rows.map((r) => [r.sm, getBucketLowerMs(r.bucket)]));
}
