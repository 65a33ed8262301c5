import { alertBatchCtes, alertBatchParam, byRule, earliest } from "@/lib/queries/alert-signals/alert-batch-sql";
import { currentWindow, rawEdgeCtes } from "@/lib/queries/alert-signals/rollup-window";
import { toSignal, type FailureRateRule, type RateRow } from "@/lib/queries/alert-signals/get-failure-rates";
import type { AlertSignal, Reader } from "./alert-signal";

const FAILED = ["FAILED", "TIMED_OUT"].map((s) => `'${s}'`).join(", ");
const ENDED = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"].map((s) => `'${s}'`).join(", ");

/**
 * `getFailureRatesBatch`'s signals from the hourly rollups: each rule's whole hours from
 * `execution_hourly_rollups` plus the executions of its window's first part hour, so the
 * counts are the same as counting the executions. Only the state machines over their
 * threshold are then read from the failed executions (first and last seen, the newest
 * failure) through the partial index of failed executions.
 */
export async function getFailureRatesFromRollups(
  reader: Reader,
  rules: readonly FailureRateRule[],
): Promise<Map<number, AlertSignal[]>> {
  if (rules.length === 0) return new Map();
  const windows = rules.map((rule) => currentWindow(rule.id, rule.since));
  const batch = rules.map((rule, i) => ({
    id: rule.id,
    scope: rule.scope,
    params: {
      since: rule.since,
      hour_from: windows[i]!.hourFrom,
      min_count: rule.minCount,
      above_percent: rule.abovePercent,
    },
  }));
  const { rows } = await reader.query<RateRow & { rule_id: number; above_percent: string }>(
    `WITH ${alertBatchCtes("since timestamptz, hour_from timestamptz, min_count int, above_percent numeric")},
     ${rawEdgeCtes("$2", "e.state_machine_id, e.source_id, e.status")},
     parts AS (
       SELECT s.rule_id, t.state_machine_id, t.failed + t.timed_out AS failed,
              t.succeeded + t.failed + t.timed_out + t.aborted AS ended
         FROM execution_hourly_rollups t
         JOIN scope s ON s.state_machine_id = t.state_machine_id AND s.source_id = t.source_id AND t.hour >= s.hour_from
        WHERE t.hour >= $3
       UNION ALL
       SELECT s.rule_id, x.state_machine_id, (x.status IN (${FAILED}))::int, (x.status IN (${ENDED}))::int
         FROM raw x JOIN edges g ON g.lo = x.lo AND g.hi = x.hi
         JOIN scope s ON s.rule_id = g.rule_id AND s.state_machine_id = x.state_machine_id AND s.source_id = x.source_id),
     c AS (SELECT rule_id, state_machine_id, sum(failed)::int AS failed, sum(ended)::int AS ended FROM parts GROUP BY 1, 2),
     hot AS (
       SELECT c.*, r.since, r.above_percent FROM c JOIN r ON r.rule_id = c.rule_id
        WHERE c.ended >= r.min_count AND c.failed * 100.0 / c.ended > r.above_percent),
     facts AS (
       SELECT h.rule_id, h.state_machine_id, min(f.start_date) AS first_seen, max(f.start_date) AS last_seen, max(f.id) AS newest
         FROM hot h JOIN scope s ON s.rule_id = h.rule_id AND s.state_machine_id = h.state_machine_id
         CROSS JOIN LATERAL (
           SELECT e.start_date, e.id FROM executions e
            WHERE e.state_machine_id = h.state_machine_id AND e.source_id = s.source_id
              AND e.status IN (${FAILED}) AND e.start_date >= h.since) f
        GROUP BY 1, 2)
     SELECT h.rule_id, h.above_percent, m.name AS state_machine, m.arn AS state_machine_arn, h.failed, h.ended,
            f.first_seen, f.last_seen, x.execution_arn AS newest_failed
       FROM hot h JOIN state_machines m ON m.id = h.state_machine_id
       LEFT JOIN facts f ON f.rule_id = h.rule_id AND f.state_machine_id = h.state_machine_id
       LEFT JOIN executions x ON x.id = f.newest
      ORDER BY h.rule_id, m.arn`,
    [alertBatchParam(batch), JSON.stringify(windows.flatMap((w) => w.edges)), earliest(windows.map((w) => w.hourFrom))],
  );
  return byRule(batch, rows, (row) => toSignal(row, Number(row.above_percent)));
}
