import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { parseAnalyticsParams } from "../analytics/analytics-params";
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

const all = parseAnalyticsParams({ range: "all" });

describe("analytics reads over the demo corpus", () => {
  it("overview totals equal the stored executions, by status", async () => {
    const overview = await getOverview(db, all, NOW);
    const { rows } = await db.pool.query<{ status: string; n: number }>("SELECT status::text, count(*)::int AS n FROM executions GROUP BY 1");
    for (const r of rows) expect(overview.totals[r.status.toLowerCase() as "failed"]).toBe(r.n);
    expect(overview.totals.total).toBe(rows.reduce((s, r) => s + r.n, 0));
    expect(overview.durations.p50).not.toBeNull();
    expect(overview.durations.p50!).toBeLessThanOrEqual(overview.durations.p95!);
    expect(overview.machines.length).toBeGreaterThan(1);
  });

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
      const page = await listExecutions(db.prisma, parseExecutionListParams({ signature: g.signature, pageSize: "500" }), NOW);
      expect(page.total).toBe(g.count);
      expect(page.rows.map((r) => r.executionArn)).toContain(g.newestExecutionArn);
      expect(g.trend.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(g.count);
    }
    expect(failures.retries.every((r) => r.retries > 0 && r.retriedSucceeded + r.retriesExhausted <= r.retriedRuns)).toBe(true);
  });

  it("costs add up: machines sum to the total, transitions equal the executions' billable transitions", async () => {
    const costs = await getCosts(db, all, NOW);
    const { rows } = await db.pool.query<{ t: number }>("SELECT sum(billable_transitions)::int AS t FROM executions");
    expect(costs.total.transitions).toBe(rows[0]!.t);
    expect(costs.byMachine.reduce((s, m) => s + m.usd, 0)).toBeCloseTo(costs.total.usd, 9);
    expect(costs.byMonth.reduce((s, m) => s + m.usd, 0)).toBeCloseTo(costs.total.usd, 9);
    expect(costs.byState.every((s) => s.share > 0 && s.share <= 1)).toBe(true);
  });

  it("exposes executions by status and failures by signature as Prometheus counters", async () => {
    const families = await getMetrics(db, NOW);
    const executions = families.find((f) => f.name === "stepscope_executions_total")!;
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    expect(executions.samples.reduce((s, x) => s + x.value, 0)).toBe(rows[0]!.n);
    const failures = families.find((f) => f.name === "stepscope_failures_total")!;
    const failed = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions WHERE status IN ('FAILED', 'TIMED_OUT')");
    expect(failures.samples.reduce((s, x) => s + x.value, 0)).toBe(failed.rows[0]!.n);
    expect(toPrometheusText(families)).toMatch(/^# HELP stepscope_executions_total /);
  });
});
