import type { Database } from "@/lib/db/database";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import type { MetricFamily } from "@/lib/analytics/prometheus-text";
import { getCosts } from "./get-costs";
import { productionScopeSql } from "./production-scope";

const STATUS = ["running", "succeeded", "failed", "timed_out", "aborted", "pending_redrive"] as const;

/**
 * Metric families for `/api/metrics`, from the rollups: all-time counters and this month's
 * estimated cost, of AWS, imported and demo executions (local runs are left out, see
 * lib/queries/production-scope.ts). Each state machine is labelled by its name and ARN
 * (two machines of one name in two accounts are two series).
 */
export async function getMetrics(db: Pick<Database, "pool">, now = new Date()): Promise<MetricFamily[]> {
  const scope = productionScopeSql("t.source_id");
  const [executions, failures, retries, costs] = await Promise.all([
    db.pool.query<Record<(typeof STATUS)[number], number> & { sm: string; arn: string }>(
      `SELECT m.name AS sm, m.arn, ${STATUS.map((s) => `sum(t.${s})::bigint::float8 AS ${s}`).join(", ")}
         FROM execution_daily_rollups t JOIN state_machines m ON m.id = t.state_machine_id WHERE ${scope}
        GROUP BY m.id ORDER BY m.name, m.arn`,
    ),
    db.pool.query<{
      sm: string;
      arn: string;
      signature: string;
      error: string | null;
      state: string | null;
      count: number;
    }>(
      // Summed per signature first (one key; a signature names one machine, error and state), named after:
      // grouping the joined rows by four texts hashed every day's row (4× slower at 200,000 executions).
      `SELECT m.name AS sm, m.arn, s.signature, s.error, s.root_cause_state AS state, f.count
         FROM (SELECT t.signature, sum(t.count)::float8 AS count FROM failure_signature_daily_rollups t WHERE ${scope}
                GROUP BY t.signature HAVING sum(t.count) > 0) f
         JOIN failure_signatures s USING (signature) JOIN state_machines m ON m.id = s.state_machine_id
        ORDER BY 1, 2`,
    ),
    db.pool.query<{ sm: string; arn: string; state: string; retries: number; exhausted: number }>(
      // Summed per machine id first, named after.
      `SELECT m.name AS sm, m.arn, u.state_name AS state, u.retries::float8 AS retries, u.exhausted::float8 AS exhausted
         FROM (SELECT t.state_machine_id, t.state_name, sum(t.retries) AS retries, sum(t.retries_exhausted) AS exhausted
                 FROM state_daily_rollups t WHERE ${scope} GROUP BY 1, 2 HAVING sum(t.retries) > 0) u
         JOIN state_machines m ON m.id = u.state_machine_id ORDER BY 1, 2, 3`,
    ),
    // This month (the free tier and tiers are monthly): "30d" loads the whole month, then keep this month's days.
    getCosts(db, parseAnalyticsParams({ range: "30d" }), now),
  ]);
  return [
    {
      name: "stepscope_executions_total",
      help: "Stored executions by state machine and current status (AWS, imported and demo; local runs excluded).",
      type: "counter",
      samples: executions.rows.flatMap((r) =>
        STATUS.map((s) => ({
          labels: { state_machine: r.sm, status: s, state_machine_arn: r.arn },
          value: Number(r[s]),
        })),
      ),
    },
    {
      name: "stepscope_failures_total",
      help: "Failed and timed-out executions by failure signature (local runs excluded).",
      type: "counter",
      samples: failures.rows.map((r) => ({
        labels: {
          state_machine: r.sm,
          signature: r.signature,
          error: r.error ?? "",
          state: r.state ?? "",
          state_machine_arn: r.arn,
        },
        value: r.count,
      })),
    },
    {
      name: "stepscope_retries_total",
      help: "Retry attempts by state (local runs excluded).",
      type: "counter",
      samples: retries.rows.map((r) => ({
        labels: { state_machine: r.sm, state: r.state, state_machine_arn: r.arn },
        value: r.retries,
      })),
    },
    {
      name: "stepscope_retries_exhausted_total",
      help: "State runs that were retried and still failed.",
      type: "counter",
      samples: retries.rows.map((r) => ({
        labels: { state_machine: r.sm, state: r.state, state_machine_arn: r.arn },
        value: r.exhausted,
      })),
    },
    {
      name: "stepscope_estimated_cost_usd",
      help: "Estimated cost of the current UTC month to date, US dollars (local runs excluded).",
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
