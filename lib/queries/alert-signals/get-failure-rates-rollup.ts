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
  const { rows: hot } = await reader.query<
    Omit<RateRow, "first_seen" | "last_seen" | "newest_failed"> & {
      rule_id: number;
      state_machine_id: number;
      sources: number[];
      since: Date;
      above_percent: string;
    }
  >(
    `WITH ${alertBatchCtes("since timestamptz, hour_from timestamptz, min_count int, above_percent numeric")},
     ${rawEdgeCtes(
       "$2",
       [
         ["e.state_machine_id", "state_machine_id"],
         ["e.source_id", "source_id"],
       ],
       `count(*) FILTER (WHERE e.status IN (${FAILED}))::int AS failed, count(*) FILTER (WHERE e.status IN (${ENDED}))::int AS ended`,
     )},
     hourly AS MATERIALIZED (
       SELECT hour, state_machine_id, source_id, failed + timed_out AS failed, succeeded + failed + timed_out + aborted AS ended
         FROM execution_hourly_rollups WHERE hour >= $3),
     parts AS (
       SELECT s.rule_id, t.state_machine_id, t.failed, t.ended
         FROM hourly t JOIN scope s ON s.state_machine_id = t.state_machine_id AND s.source_id = t.source_id AND t.hour >= s.hour_from
       UNION ALL
       SELECT s.rule_id, x.state_machine_id, x.failed, x.ended
         FROM raw x JOIN edges g ON g.lo = x.lo AND g.hi = x.hi
         JOIN scope s ON s.rule_id = g.rule_id AND s.state_machine_id = x.state_machine_id AND s.source_id = x.source_id),
     c AS (SELECT rule_id, state_machine_id, sum(failed)::int AS failed, sum(ended)::int AS ended FROM parts GROUP BY 1, 2)
     SELECT c.rule_id, c.state_machine_id, r.since, r.above_percent, m.name AS state_machine, m.arn AS state_machine_arn,
            c.failed, c.ended,
            (SELECT array_agg(s.source_id) FROM scope s WHERE s.rule_id = c.rule_id AND s.state_machine_id = c.state_machine_id) AS sources
       FROM c JOIN r ON r.rule_id = c.rule_id JOIN state_machines m ON m.id = c.state_machine_id
      WHERE c.ended >= r.min_count AND c.failed * 100.0 / c.ended > r.above_percent
      ORDER BY c.rule_id, m.arn`,
    [alertBatchParam(batch), JSON.stringify(windows.flatMap((w) => w.edges)), earliest(windows.map((w) => w.hourFrom))],
  );
  // The facts of the state machines over their threshold only: one index-only range scan each
  // (the partial index of failed executions by state machine, source and start date).
  const { rows: facts } =
    hot.length === 0
      ? { rows: [] }
      : await reader.query<{ n: number; first_seen: Date; last_seen: Date; newest_failed: string | null }>(
          `SELECT h.n::int AS n, f.first_seen, f.last_seen, x.execution_arn AS newest_failed
             FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (state_machine_id int, sources int[], since timestamptz))
                  WITH ORDINALITY AS h(state_machine_id, sources, since, n)
             CROSS JOIN LATERAL (
               SELECT min(e.start_date) AS first_seen, max(e.start_date) AS last_seen, max(e.id) AS newest FROM executions e
                WHERE e.state_machine_id = h.state_machine_id AND e.source_id = ANY(h.sources)
                  AND e.status IN (${FAILED}) AND e.start_date >= h.since) f
             LEFT JOIN executions x ON x.id = f.newest
            ORDER BY h.n`,
          [
            JSON.stringify(
              hot.map((h) => ({ state_machine_id: h.state_machine_id, sources: h.sources, since: h.since })),
            ),
          ],
        );
  const rows = hot.map((h, i) => ({ ...h, ...facts[i]! }));
  return byRule(batch, rows, (row) => toSignal(row, Number(row.above_percent)));
}
