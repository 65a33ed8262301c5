import type { PoolClient } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { getRangeStart, parseAnalyticsParams } from "./analytics-params";
import { getDurationBucket, getHistogramQuantile } from "../analytics/duration-bucket";
import { seedDemoOnFirstStart } from "../ingest/seed-demo";
import { getCosts } from "./get-costs";
import { getFailures } from "./get-failures";
import { getMetrics } from "./get-metrics";
import { toPrometheusText } from "../analytics/prometheus-text";
import { getOverview } from "./get-overview";
import { parseExecutionListParams } from "./execution-list-params";
import { listExecutions } from "./list-executions";

const NOW = new Date("2025-06-01T12:00:00.000Z");
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoOnFirstStart(db, NOW);
});
afterAll(async () => {
  await db.drop();
});

/** Rows where the weekly duration rollups differ from the daily ones summed by ISO week (both ways). */
async function mismatches(client: PoolClient, release = true): Promise<number> {
  try {
    const { rows } = await client.query<{ diff: number }>(
      `SELECT count(*)::int AS diff FROM (
         (SELECT date_trunc('week', day)::date AS week, state_machine_id, source_id, bucket, sum(count)::int AS n FROM execution_duration_daily_rollups GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0
          EXCEPT SELECT week, state_machine_id, source_id, bucket, count FROM execution_duration_weekly_rollups WHERE count <> 0)
         UNION ALL
         (SELECT week, state_machine_id, source_id, bucket, count FROM execution_duration_weekly_rollups WHERE count <> 0
          EXCEPT SELECT date_trunc('week', day)::date, state_machine_id, source_id, bucket, sum(count)::int FROM execution_duration_daily_rollups GROUP BY 1, 2, 3, 4)) d`,
    );
    return rows[0]!.diff;
  } finally {
    if (release) client.release();
  }
}

const all = parseAnalyticsParams({ range: "all" });

describe("analytics reads over the demo corpus", () => {
  it("overview totals equal the stored executions, by status", async () => {
    const overview = await getOverview(db, all, NOW);
    const { rows } = await db.pool.query<{ status: string; n: number }>(
      "SELECT status::text, count(*)::int AS n FROM executions GROUP BY 1",
    );
    for (const r of rows) expect(overview.totals[r.status.toLowerCase() as "failed"]).toBe(r.n);
    expect(overview.totals.total).toBe(rows.reduce((s, r) => s + r.n, 0));
    expect(overview.durations.p50).not.toBeNull();
    expect(overview.durations.p50!).toBeLessThanOrEqual(overview.durations.p95!);
    expect(overview.machines.length).toBeGreaterThan(1);
  });

  it.each(["24h", "7d", "30d", "90d", "all"] as const)(
    "overview duration percentiles over %s equal a histogram of the executions' own durations",
    async (range) => {
      const { rows } = await db.pool.query<{ day: string; hour: number; ms: string }>(
        `SELECT to_char(start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, floor(extract(epoch FROM start_date) / 3600) * 3600000 AS hour, duration_ms::text AS ms
         FROM executions WHERE duration_ms IS NOT NULL`,
      );
      const start = getRangeStart(range, NOW);
      // Hourly grain up to a week (from the start's hour), daily beyond (from the start's day).
      const hourGrain = range === "24h" || range === "7d";
      const startHour = start && new Date(Math.floor(start.getTime() / 3_600_000) * 3_600_000);
      const inRange = rows.filter(
        (r) =>
          !start || (hourGrain ? Number(r.hour) >= startHour!.getTime() : r.day >= start.toISOString().slice(0, 10)),
      );
      const histogram = new Map<number, number>();
      for (const r of inRange)
        histogram.set(getDurationBucket(Number(r.ms)), (histogram.get(getDurationBucket(Number(r.ms))) ?? 0) + 1);
      const hist = [...histogram];
      const overview = await getOverview(db, parseAnalyticsParams({ range }), NOW);
      expect(inRange.length).toBeGreaterThan(0);
      expect(overview.durations).toEqual({
        p50: getHistogramQuantile(hist, 0.5),
        p95: getHistogramQuantile(hist, 0.95),
        p99: getHistogramQuantile(hist, 0.99),
        ended: inRange.length,
      });
    },
  );

  it("weekly duration rollups stay the sum of the daily ones (triggers), through adds, updates, deletes and truncation", async () => {
    const { rows: weeks } = await db.pool.query<{ n: number }>(
      "SELECT count(DISTINCT week)::int AS n FROM execution_duration_weekly_rollups",
    );
    expect(weeks[0]!.n).toBeGreaterThan(1);
    expect(await mismatches(await db.pool.connect())).toBe(0);
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        "UPDATE execution_duration_daily_rollups SET count = count + 3 WHERE day = (SELECT max(day) FROM execution_duration_daily_rollups)",
      );
      await client.query(
        "DELETE FROM execution_duration_daily_rollups WHERE day = (SELECT min(day) FROM execution_duration_daily_rollups)",
      );
      await client.query(
        `INSERT INTO execution_duration_daily_rollups (day, state_machine_id, source_id, bucket, count)
         SELECT DISTINCT day, state_machine_id, source_id, 999, 2 FROM execution_duration_daily_rollups LIMIT 3`,
      );
      expect(await mismatches(client, false)).toBe(0);
      await client.query("TRUNCATE execution_duration_daily_rollups");
      const left = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM execution_duration_weekly_rollups",
      );
      expect(left.rows[0]!.n).toBe(0);
    } finally {
      await client.query("ROLLBACK").catch(() => {});
      client.release();
    }
  });

  it("weekly state rollups stay the sum of the daily ones (triggers), through adds, updates, deletes and truncation", async () => {
    const cols =
      "state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted";
    const sums =
      "sum(runs)::int, sum(transitions)::bigint, sum(attempts)::bigint, sum(retries)::bigint, sum(retried_runs)::int, sum(retried_succeeded)::int, sum(retries_exhausted)::int";
    const diff = async (c: PoolClient) => {
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           (SELECT date_trunc('week', day)::date AS week, state_machine_id, source_id, state_name, ${sums} FROM state_daily_rollups GROUP BY 1, 2, 3, 4
            EXCEPT SELECT week, ${cols} FROM state_weekly_rollups WHERE runs <> 0 OR transitions <> 0 OR attempts <> 0)
           UNION ALL
           (SELECT week, ${cols} FROM state_weekly_rollups WHERE runs <> 0 OR transitions <> 0 OR attempts <> 0
            EXCEPT SELECT date_trunc('week', day)::date, state_machine_id, source_id, state_name, ${sums} FROM state_daily_rollups GROUP BY 1, 2, 3, 4)) d`,
      );
      return rows[0]!.n;
    };
    const client = await db.pool.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(DISTINCT week)::int AS n FROM state_weekly_rollups WHERE retries > 0",
      );
      expect(rows[0]!.n).toBeGreaterThan(1);
      expect(await diff(client)).toBe(0);
      await client.query("BEGIN");
      await client.query(
        "UPDATE state_daily_rollups SET runs = runs + 2, retries = retries + 1 WHERE day = (SELECT max(day) FROM state_daily_rollups)",
      );
      await client.query("DELETE FROM state_daily_rollups WHERE day = (SELECT min(day) FROM state_daily_rollups)");
      await client.query(
        `INSERT INTO state_daily_rollups (day, state_machine_id, source_id, state_name, runs, transitions, attempts)
         SELECT DISTINCT day, state_machine_id, source_id, 'Added', 1, 1, 1 FROM state_daily_rollups LIMIT 3`,
      );
      expect(await diff(client)).toBe(0);
      await client.query("TRUNCATE state_daily_rollups");
      const left = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM state_weekly_rollups");
      expect(left.rows[0]!.n).toBe(0);
    } finally {
      await client.query("ROLLBACK").catch(() => {});
      client.release();
    }
  });

  it.each(["24h", "30d", "90d", "all"] as const)(
    "retries per state over %s equal the daily rollups summed directly",
    async (range) => {
      const start = getRangeStart(range, NOW);
      const { rows } = await db.pool.query<{ sm: string; state: string; attempts: number; retries: number }>(
        `SELECT m.name AS sm, t.state_name AS state, sum(t.attempts)::int AS attempts, sum(t.retries)::int AS retries
         FROM state_daily_rollups t JOIN state_machines m ON m.id = t.state_machine_id
        WHERE $1::date IS NULL OR t.day >= $1::date GROUP BY 1, 2 HAVING sum(t.retries) > 0`,
        [start?.toISOString().slice(0, 10) ?? null],
      );
      const failures = await getFailures(db, parseAnalyticsParams({ range }), NOW);
      const key = (r: { sm: string; state: string; attempts: number; retries: number }) =>
        `${r.sm}/${r.state} ${r.attempts} ${r.retries}`;
      expect(
        failures.retries
          .map((r) => key({ sm: r.stateMachine, state: r.state, attempts: r.attempts, retries: r.retries }))
          .sort(),
      ).toEqual(rows.map(key).sort());
    },
  );

  it("a state machine filter narrows the overview to that machine", async () => {
    const first = (await getOverview(db, all, NOW)).machines[0]!;
    const one = await getOverview(db, parseAnalyticsParams({ range: "all", stateMachine: first.stateMachine }), NOW);
    expect(one.totals.total).toBe(first.total);
    expect(one.machines.map((m) => m.stateMachine)).toEqual([first.stateMachine]);
  });

  it("each failure group's count is the number of executions its list link finds", async () => {
    const failures = await getFailures(db, all, NOW);
    expect(failures.groups.length).toBeGreaterThan(0);
    for (const g of failures.groups.slice(0, 5)) {
      const page = await listExecutions(
        db.prisma,
        parseExecutionListParams({ signature: g.signature, pageSize: "500" }),
        NOW,
      );
      expect(page.total).toBe(g.count);
      expect(page.rows.map((r) => r.executionArn)).toContain(g.newestExecutionArn);
      expect(g.trend.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(g.count);
    }
    expect(
      failures.retries.every((r) => r.retries > 0 && r.retriedSucceeded + r.retriesExhausted <= r.retriedRuns),
    ).toBe(true);
  });

  it("costs add up: machines sum to the total, transitions equal the executions' billable transitions", async () => {
    const costs = await getCosts(db, all, NOW);
    const { rows } = await db.pool.query<{ t: number }>("SELECT sum(billable_transitions)::int AS t FROM executions");
    expect(costs.total.transitions).toBe(rows[0]!.t);
    expect(costs.byMachine.reduce((s, m) => s + m.usd, 0)).toBeCloseTo(costs.total.usd, 9);
    expect(costs.byMonth.reduce((s, m) => s + m.usd, 0)).toBeCloseTo(costs.total.usd, 9);
    expect(costs.byState.every((s) => s.share > 0 && s.share <= 1)).toBe(true);
  });

  it("lists every state that drives the cost, costliest first", async () => {
    const costs = await getCosts(db, all, NOW);
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT t.state_machine_id, t.state_name FROM state_daily_rollups t
         JOIN state_machines m ON m.id = t.state_machine_id WHERE m.type = 'STANDARD'
        GROUP BY 1, 2 HAVING sum(t.transitions) > 0) s`,
    );
    expect(costs.byState).toHaveLength(rows[0]!.n);
    const usd = costs.byState.map((s) => s.usd);
    expect(usd).toEqual([...usd].sort((a, b) => b - a));
  });

  it("offers no Express what-if for a Standard machine whose executions outlast Express's five minutes", async () => {
    const costs = await getCosts(db, all, NOW);
    const machine = (name: string) => costs.byMachine.find((m) => m.stateMachine === name)!;
    // The trial reminder waits three days; an order takes seconds.
    expect(machine("trial-reminder").otherTypeUnavailable).toMatch(
      /^executions last over .+; Express runs at most 5 minutes$/,
    );
    expect(machine("order-processing").otherTypeUnavailable).toBeNull();
    expect(costs.total.otherTypeExcluded).toBe(costs.byMachine.filter((m) => m.otherTypeUnavailable).length);
    expect(costs.total.otherTypeUsd).toBeCloseTo(
      costs.byMachine.filter((m) => !m.otherTypeUnavailable).reduce((s, m) => s + m.otherTypeUsd, 0),
      9,
    );
  });

  it("exposes executions by status and failures by signature as Prometheus counters", async () => {
    const families = await getMetrics(db, NOW);
    const executions = families.find((f) => f.name === "stepscope_executions_total")!;
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    expect(executions.samples.reduce((s, x) => s + x.value, 0)).toBe(rows[0]!.n);
    const failures = families.find((f) => f.name === "stepscope_failures_total")!;
    const failed = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM executions WHERE status IN ('FAILED', 'TIMED_OUT')",
    );
    expect(failures.samples.reduce((s, x) => s + x.value, 0)).toBe(failed.rows[0]!.n);
    const retries = families.find((f) => f.name === "stepscope_retries_total")!;
    const exhausted = families.find((f) => f.name === "stepscope_retries_exhausted_total")!;
    const stored = (
      await db.pool.query<{ retries: number; exhausted: number }>(
        // A run whose retries were exhausted was retried, so states left out (no retries) add no exhausted runs either.
        "SELECT sum(retries)::int AS retries, sum(retries_exhausted)::int AS exhausted FROM state_daily_rollups",
      )
    ).rows[0]!;
    expect(stored.retries).toBeGreaterThan(0);
    expect(retries.samples.reduce((s, x) => s + x.value, 0)).toBe(stored.retries);
    expect(exhausted.samples.reduce((s, x) => s + x.value, 0)).toBe(stored.exhausted);
    expect(toPrometheusText(families)).toMatch(/^# HELP stepscope_executions_total /);
  });
});
