import { estimateExpressMonth, expressGbHoursUsd } from "./estimate-express";
import { estimateStandardMonth, standardTransitionsUsd } from "./estimate-standard";
import { getStandardPrice, type PriceTable } from "./price-table";

/** One day of one state machine's usage, as the cost rollup holds it. */
export interface UsageDay {
  readonly day: string;
  readonly stateMachine: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly region: string | null;
  readonly account: string | null;
  readonly executions: number;
  readonly transitions: number;
  /** Sum over executions of billed duration (ms) × billed memory (MB). */
  readonly billedMbMs: number;
}

export interface PricedDay extends UsageDay {
  /** What AWS bills for the day under the machine's own type (free tier and tiers applied at month level). */
  readonly usd: number;
  /** The same usage priced as the other workflow type (Express: tiers of this machine alone; Standard: no free tier). */
  readonly otherTypeUsd: number;
  readonly gbSeconds: number;
}

const monthOf = (day: string) => day.slice(0, 7);
const GB_S_PER_MB_MS = 1 / 1024 / 1000;

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Prices usage days. Standard: the account's monthly free transitions go to the month's
 * earliest days (split across a day's machines by their share), the rest at the
 * machine's regional price. Express: requests plus the account-month's GB-hours through
 * the tiers, shared by GB-seconds. Pass whole months for month-level figures to hold.
 */
export function priceUsage(days: readonly UsageDay[], table: PriceTable): PricedDay[] {
  const usd = new Map<UsageDay, number>();
  const standard = days.filter((d) => d.type === "STANDARD");
  for (const group of groupBy(standard, (d) => `${d.account ?? ""}|${monthOf(d.day)}`).values()) {
    const perDay = groupBy(group, (d) => d.day);
    const month = estimateStandardMonth(
      [...perDay].map(([day, rows]) => ({ day, transitions: rows.reduce((s, r) => s + r.transitions, 0) })),
      1,
      table.freeTransitionsPerMonth,
    );
    for (const priced of month.days) {
      const share = priced.transitions > 0 ? priced.billedTransitions / priced.transitions : 0;
      for (const row of perDay.get(priced.day) ?? []) {
        usd.set(
          row,
          standardTransitionsUsd(row.transitions * share, getStandardPrice(table, row.region).usdPer1000Transitions),
        );
      }
    }
  }
  const express = days.filter((d) => d.type === "EXPRESS");
  for (const group of groupBy(express, (d) => `${d.account ?? ""}|${monthOf(d.day)}`).values()) {
    const gbSeconds = group.reduce((s, r) => s + r.billedMbMs * GB_S_PER_MB_MS, 0);
    const month = estimateExpressMonth({ requests: 0, gbSeconds }, table.express);
    for (const row of group) {
      const rowGbs = row.billedMbMs * GB_S_PER_MB_MS;
      usd.set(
        row,
        (row.executions / 1e6) * table.express.usdPerMillionRequests +
          (gbSeconds > 0 ? (month.durationUsd * rowGbs) / gbSeconds : 0),
      );
    }
  }
  // The other type: each machine's month on its own.
  const other = new Map<UsageDay, number>();
  for (const group of groupBy(days, (d) => `${d.stateMachine}|${monthOf(d.day)}`).values()) {
    const gbSeconds = group.reduce((s, r) => s + r.billedMbMs * GB_S_PER_MB_MS, 0);
    const tierRate = gbSeconds > 0 ? expressGbHoursUsd(gbSeconds / 3600, table.express) / gbSeconds : 0;
    for (const row of group) {
      other.set(
        row,
        row.type === "STANDARD"
          ? (row.executions / 1e6) * table.express.usdPerMillionRequests + row.billedMbMs * GB_S_PER_MB_MS * tierRate
          : standardTransitionsUsd(row.transitions, getStandardPrice(table, row.region).usdPer1000Transitions),
      );
    }
  }
  // Fields listed rather than spread: `{ ...d }` over thousands of rows was 50× slower here (Node 20).
  return days.map((d) => ({
    day: d.day,
    stateMachine: d.stateMachine,
    type: d.type,
    region: d.region,
    account: d.account,
    executions: d.executions,
    transitions: d.transitions,
    billedMbMs: d.billedMbMs,
    usd: usd.get(d) ?? 0,
    otherTypeUsd: other.get(d) ?? 0,
    gbSeconds: d.billedMbMs * GB_S_PER_MB_MS,
  }));
}
