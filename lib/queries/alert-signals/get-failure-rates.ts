import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import { alertBatchCtes, alertBatchParam, byRule, earliest } from "@/lib/queries/alert-signals/alert-batch-sql";
import type { AlertSignal, Reader } from "./alert-signal";

/** A state machine's counts and facts in a rule's window. */
export interface RateRow {
  state_machine: string;
  state_machine_arn: string;
  failed: number;
  ended: number;
  first_seen: Date;
  last_seen: Date;
  newest_failed: string | null;
}

const FAILED = "e.status IN ('FAILED', 'TIMED_OUT')";
const COUNTS = `count(*) FILTER (WHERE ${FAILED})::int AS failed,
  count(*) FILTER (WHERE e.status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'))::int AS ended,
  min(e.start_date) FILTER (WHERE ${FAILED}) AS first_seen, max(e.start_date) FILTER (WHERE ${FAILED}) AS last_seen,
  max(e.id) FILTER (WHERE ${FAILED}) AS newest_failed`;
const DETAILS = `m.name AS state_machine, m.arn AS state_machine_arn, c.failed, c.ended, c.first_seen, c.last_seen,
  x.execution_arn AS newest_failed
  FROM c JOIN state_machines m ON m.id = c.state_machine_id LEFT JOIN executions x ON x.id = c.newest_failed`;

/**
 * State machines in scope whose (failed + timed out) ÷ ended executions started since
 * `since` is above `abovePercent`, over at least `minCount` ended ones: one signal each.
 */
export async function getFailureRates(
  reader: Reader,
  scope: AlertScope,
  since: Date,
  abovePercent: number,
  minCount: number,
): Promise<AlertSignal[]> {
  const values: unknown[] = [since, minCount, abovePercent];
  const where = alertScopeSql(scope, "e", values);
  const { rows } = await reader.query<RateRow>(
    `WITH c AS (SELECT e.state_machine_id, ${COUNTS} FROM executions e WHERE e.start_date >= $1 AND ${where} GROUP BY 1)
     SELECT ${DETAILS} WHERE c.ended >= $2 AND c.failed * 100.0 / c.ended > $3 ORDER BY m.arn`,
    values,
  );
  return rows.map((row) => toSignal(row, abovePercent));
}

/** One rule of {@link getFailureRatesBatch}. */
export interface FailureRateRule {
  readonly id: number;
  readonly scope: AlertScope;
  readonly since: Date;
  readonly abovePercent: number;
  readonly minCount: number;
}

/** {@link getFailureRates} of many rules in one scan of the widest window, by rule id. */
export async function getFailureRatesBatch(
  reader: Reader,
  rules: readonly FailureRateRule[],
): Promise<Map<number, AlertSignal[]>> {
  const batch = rules.map((rule) => ({
    id: rule.id,
    scope: rule.scope,
    params: { since: rule.since, min_count: rule.minCount, above_percent: rule.abovePercent },
  }));
  if (batch.length === 0) return new Map();
  const { rows } = await reader.query<RateRow & { rule_id: number; above_percent: string }>(
    `WITH ${alertBatchCtes("since timestamptz, min_count int, above_percent numeric")},
     w AS MATERIALIZED (SELECT id, start_date, status, state_machine_id, source_id FROM executions WHERE start_date >= $2),
     c AS (
       SELECT s.rule_id, e.state_machine_id, ${COUNTS}
         FROM w e JOIN scope s ON s.state_machine_id = e.state_machine_id AND s.source_id = e.source_id AND e.start_date >= s.since
        GROUP BY 1, 2)
     SELECT c.rule_id, r.above_percent, ${DETAILS} JOIN r ON r.rule_id = c.rule_id
      WHERE c.ended >= r.min_count AND c.failed * 100.0 / c.ended > r.above_percent
      ORDER BY c.rule_id, m.arn`,
    [alertBatchParam(batch), earliest(rules.map((rule) => rule.since))],
  );
  return byRule(batch, rows, (row) => toSignal(row, Number(row.above_percent)));
}

/** The signal of a state machine whose failure rate is above `abovePercent`. */
export function toSignal(r: RateRow, abovePercent: number): AlertSignal {
  const percent = Math.round((r.failed * 10_000) / r.ended) / 100;
  return {
    key: r.state_machine_arn,
    facts: {
      summary: `${percent}% of ${r.ended} executions of ${r.state_machine} failed (above ${abovePercent}%)`,
      where: r.state_machine,
      stateMachineArn: r.state_machine_arn,
      count: r.failed,
      firstSeen: r.first_seen?.toISOString() ?? null,
      lastSeen: r.last_seen?.toISOString() ?? null,
      executionArn: r.newest_failed,
      value: percent,
      threshold: abovePercent,
      unit: "percent",
    },
  };
}
