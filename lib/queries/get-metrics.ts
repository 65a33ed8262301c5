import type { Database } from "@/lib/db/database";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import type { MetricFamily } from "@/lib/analytics/prometheus-text";
import { getCosts } from "./get-costs";

const STATUS = ["running", "succeeded", "failed", "timed_out", "aborted", "pending_redrive"] as const;

/** Metric families for `/api/metrics`, from the rollups: all-time counters and this month's estimated cost. */
export async function getMetrics(db: Pick<Database, "pool">, now = new Date()): Promise<MetricFamily[]> {
  const [executions, failures, retries, costs] = await Promise.all([
    db.pool.query<Record<(typeof STATUS)[number], number> & { sm: string }>(
      `SELECT m.name AS sm, ${STATUS.map((s) => `sum(t.${s})::bigint::float8 AS ${s}`).join(", ")}
         FROM execution_daily_rollups t JOIN state_machines m ON m.id = t.state_machine_id GROUP BY m.name ORDER BY m.name`,
    ),
    db.pool.query<{ sm: string; signature: string; error: string | null; state: string | null; count: number }>(
      // Summed per signature first (one key; a signature names one machine, error and state), named after:
      // grouping the joined rows by four texts hashed every day's row (4× slower at 200,000 executions).
      `SELECT m.name AS sm, s.signature, s.error, s.root_cause_state AS state, f.count
         FROM (SELECT signature, sum(count)::float8 AS count FROM failure_signature_daily_rollups GROUP BY signature HAVING sum(count) > 0) f
         JOIN failure_signatures s USING (signature) JOIN state_machines m ON m.id = s.state_machine_id
        ORDER BY 1, 2`,
    ),
    db.pool.query<{ sm: string; state: string; retries: number; exhausted: number }>(
      // Summed per machine id first, then per name (machines in other regions or accounts may share one).
      `SELECT m.name AS sm, u.state_name AS state, sum(u.retries)::float8 AS retries, sum(u.exhausted)::float8 AS exhausted
         FROM (SELECT state_machine_id, state_name, sum(retries) AS retries, sum(retries_exhausted) AS exhausted FROM state_daily_rollups GROUP BY 1, 2) u
         JOIN state_machines m ON m.id = u.state_machine_id GROUP BY 1, 2 HAVING sum(u.retries) > 0 ORDER BY 1, 2`,
    ),
    // This month (the free tier and tiers are monthly): "30d" loads the whole month, then keep this month's days.
    getCosts(db, parseAnalyticsParams({ range: "30d" }), now),
  ]);
  return [
    {
      name: "stepscope_executions_total",
      help: "Stored executions by state machine and current status.",
      type: "counter",
      samples: executions.rows.flatMap((r) =>
        STATUS.map((s) => ({ labels: { state_machine: r.sm, status: s }, value: Number(r[s]) })),
      ),
    },
    {
      name: "stepscope_failures_total",
      help: "Failed and timed-out executions by failure signature.",
      type: "counter",
      samples: failures.rows.map((r) => ({
        labels: { state_machine: r.sm, signature: r.signature, error: r.error ?? "", state: r.state ?? "" },
        value: r.count,
      })),
    },
    {
      name: "stepscope_retries_total",
      help: "Retry attempts by state.",
      type: "counter",
      samples: retries.rows.map((r) => ({ labels: { state_machine: r.sm, state: r.state }, value: r.retries })),
    },
    {
      name: "stepscope_retries_exhausted_total",
      help: "State runs that were retried and still failed.",
      type: "counter",
      samples: retries.rows.map((r) => ({ labels: { state_machine: r.sm, state: r.state }, value: r.exhausted })),
    },
    {
      name: "stepscope_estimated_cost_usd",
      help: "Estimated cost of the current UTC month to date, US dollars.",
      type: "gauge",
      samples: [{ labels: { month: costs.projection.month }, value: costs.projection.toDateUsd }],
    },
    {
      name: "stepscope_projected_cost_usd",
      help: "Estimated cost of the current UTC month at the rate so far, US dollars.",
      type: "gauge",
      samples: [{ labels: { month: costs.projection.month }, value: costs.projection.projectedUsd }],
    },
  ];
}
