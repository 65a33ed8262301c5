import { BUCKETS_PER_DOUBLING } from "@/lib/analytics/duration-bucket";
import { alertBatchCtes, alertBatchParam, byRule, earliest } from "@/lib/queries/alert-signals/alert-batch-sql";
import { currentWindow, previousWindow, rawEdgeCtes } from "@/lib/queries/alert-signals/rollup-window";
import {
  getDurationP95Batch,
  toSignal,
  type DurationP95Check,
  type P95Row,
} from "@/lib/queries/alert-signals/get-duration-p95";
import type { AlertScope } from "@/lib/store/alert-rule-schema";
import type { AlertSignal, Reader } from "./alert-signal";

/** How far the p95 read from the duration histogram is above the exact one, at most: one bucket (2^(1/8), 9.05%). */
export const P95_BUCKET_RATIO = 2 ** (1 / BUCKETS_PER_DOUBLING);

// `getDurationBucket` in SQL (lib/analytics/duration-bucket.ts): the same bucket for the same duration.
const BUCKET = `CASE WHEN e.duration_ms <= 1 THEN 0 ELSE ceil(ln(e.duration_ms::float8) / ln(2::float8) * ${BUCKETS_PER_DOUBLING} - 1e-9)::int END`;

/**
 * `getDurationP95Batch`'s signals from the duration histogram (`execution_duration_hourly_rollups`,
 * fixed log buckets, 8 per doubling): each window's whole hours from the histogram, its part
 * hours from the executions, bucketed alike. The count is exact; the p95 is the upper bound
 * of the bucket that holds the exact nearest-rank p95, so it is never below it and less than
 * {@link P95_BUCKET_RATIO} times it. Rules on a `state` read the state runs as before (no state histogram).
 */
export async function getDurationP95FromRollups(
  reader: Reader,
  rules: readonly { id: number; scope: AlertScope; check: DurationP95Check }[],
): Promise<Map<number, AlertSignal[]>> {
  const ofStates = rules.filter((rule) => rule.check.state !== undefined);
  const ofExecutions = rules.filter((rule) => rule.check.state === undefined);
  const out = ofStates.length > 0 ? await getDurationP95Batch(reader, ofStates) : new Map<number, AlertSignal[]>();
  if (ofExecutions.length === 0) return out;
  const windows = ofExecutions.map((rule) => {
    const previousSince = new Date(rule.check.since.getTime() - rule.check.windowMs);
    return {
      current: currentWindow(rule.id, rule.check.since),
      previous: previousWindow(rule.id, previousSince, rule.check.since),
    };
  });
  const batch = ofExecutions.map((rule, i) => ({
    id: rule.id,
    scope: rule.scope,
    params: {
      cur_from: windows[i]!.current.hourFrom,
      prev_from: windows[i]!.previous.hourFrom,
      prev_to: windows[i]!.previous.hourTo,
      min_count: rule.check.minCount,
    },
  }));
  const { rows } = await reader.query<P95Row & { rule_id: number }>(
    `WITH ${alertBatchCtes("cur_from timestamptz, prev_from timestamptz, prev_to timestamptz, min_count int")},
     ${rawEdgeCtes(
       "$2",
       [
         ["e.state_machine_id", "state_machine_id"],
         ["e.source_id", "source_id"],
         [BUCKET, "bucket"],
       ],
       "count(*) FILTER (WHERE e.duration_ms IS NOT NULL) AS n",
     )},
     hourly AS MATERIALIZED (
       SELECT hour, state_machine_id, source_id, bucket, count FROM execution_duration_hourly_rollups WHERE hour >= $3),
     hist AS (
       SELECT s.rule_id, t.state_machine_id, t.hour >= s.cur_from AS current, t.bucket, t.count AS n
         FROM hourly t
         JOIN scope s ON s.state_machine_id = t.state_machine_id AND s.source_id = t.source_id
          AND (t.hour >= s.cur_from OR (t.hour >= s.prev_from AND t.hour < s.prev_to))
       UNION ALL
       SELECT s.rule_id, x.state_machine_id, g.current, x.bucket, x.n
         FROM raw x JOIN edges g ON g.lo = x.lo AND g.hi = x.hi
         JOIN scope s ON s.rule_id = g.rule_id AND s.state_machine_id = x.state_machine_id AND s.source_id = x.source_id
        WHERE x.n > 0),
     b AS (SELECT rule_id, state_machine_id, current, bucket, sum(n)::bigint AS n FROM hist GROUP BY 1, 2, 3, 4),
     cum AS (
       SELECT b.*, sum(n) OVER (PARTITION BY rule_id, state_machine_id, current ORDER BY bucket) AS upto,
              sum(n) OVER (PARTITION BY rule_id, state_machine_id, current) AS total
         FROM b),
     -- The bucket of the ⌈0.95·n⌉-th shortest (integer arithmetic: the rank percentile_disc takes).
     q AS (
       SELECT rule_id, state_machine_id, current, max(total) AS total,
              min(bucket) FILTER (WHERE upto * 100 >= total * 95) AS bucket
         FROM cum GROUP BY 1, 2, 3),
     p AS (
       SELECT rule_id, state_machine_id, coalesce(max(total) FILTER (WHERE current), 0)::int AS count,
              max(bucket) FILTER (WHERE current) AS bucket, max(bucket) FILTER (WHERE NOT current) AS previous_bucket
         FROM q GROUP BY 1, 2)
     SELECT p.rule_id, m.name AS state_machine, m.arn AS state_machine_arn, p.count,
            power(2, p.bucket / ${BUCKETS_PER_DOUBLING}.0)::float8 AS p95,
            power(2, p.previous_bucket / ${BUCKETS_PER_DOUBLING}.0)::float8 AS previous_p95
       FROM p JOIN r ON r.rule_id = p.rule_id JOIN state_machines m ON m.id = p.state_machine_id
      WHERE p.count >= r.min_count ORDER BY p.rule_id, m.arn`,
    [
      alertBatchParam(batch),
      JSON.stringify(windows.flatMap((w) => [...w.current.edges, ...w.previous.edges])),
      earliest(windows.map((w) => w.previous.hourFrom)),
    ],
  );
  const checks = new Map(ofExecutions.map((rule) => [rule.id, rule.check]));
  for (const [id, signals] of byRule(batch, rows, (row) => toSignal(row, checks.get(row.rule_id)!)))
    out.set(id, signals);
  return out;
}
