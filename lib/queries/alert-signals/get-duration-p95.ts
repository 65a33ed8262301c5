import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import { alertBatchCtes, alertBatchParam, byRule, earliest } from "@/lib/queries/alert-signals/alert-batch-sql";
import type { AlertSignal, Reader } from "./alert-signal";

/** Settings of {@link getDurationP95}. */
export interface DurationP95Check {
  readonly since: Date;
  readonly windowMs: number;
  /** A state's name: its runs' durations instead of the executions'. */
  readonly state?: string | undefined;
  readonly aboveMs?: number | undefined;
  /** Above this many times the p95 of the window before. */
  readonly aboveRatio?: number | undefined;
  readonly minCount: number;
}

interface P95Row {
  state_machine: string;
  state_machine_arn: string;
  count: number;
  p95: number | null;
  previous_p95: number | null;
}

const STATE_MS = "extract(epoch FROM sr.exited_at - sr.entered_at) * 1000";
const P95 = `count(*) FILTER (WHERE current)::int AS count,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE current) AS p95,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE NOT current) AS previous_p95`;

/**
 * State machines in scope whose p95 duration (of ended executions, or of one state's ended
 * runs, started in the window) is above `aboveMs`, or above `aboveRatio` × the previous
 * window's: one signal each.
 */
export async function getDurationP95(
  reader: Reader,
  scope: AlertScope,
  check: DurationP95Check,
): Promise<AlertSignal[]> {
  const previousSince = new Date(check.since.getTime() - check.windowMs);
  const values: unknown[] = [previousSince, check.since, check.minCount];
  const where = alertScopeSql(scope, "e", values);
  const samples =
    check.state === undefined
      ? `SELECT e.state_machine_id, e.start_date >= $2 AS current, e.duration_ms::float8 AS ms
           FROM executions e WHERE e.start_date >= $1 AND e.duration_ms IS NOT NULL AND ${where}`
      : `SELECT e.state_machine_id, e.start_date >= $2 AS current, ${STATE_MS} AS ms
           FROM executions e JOIN state_runs sr ON sr.execution_id = e.id
          WHERE e.start_date >= $1 AND sr.name = $${values.push(check.state)} AND sr.exited_at IS NOT NULL AND ${where}`;
  const { rows } = await reader.query<P95Row>(
    `WITH s AS (${samples}), p AS (SELECT state_machine_id, ${P95} FROM s GROUP BY 1)
     SELECT m.name AS state_machine, m.arn AS state_machine_arn, p.count, p.p95, p.previous_p95
       FROM p JOIN state_machines m ON m.id = p.state_machine_id WHERE p.count >= $3 ORDER BY m.arn`,
    values,
  );
  return rows.map((row) => toSignal(row, check)).filter((signal) => signal !== null);
}

/** {@link getDurationP95} of many rules (by id) in one scan of the widest window (two windows each). */
export async function getDurationP95Batch(
  reader: Reader,
  rules: readonly { id: number; scope: AlertScope; check: DurationP95Check }[],
): Promise<Map<number, AlertSignal[]>> {
  if (rules.length === 0) return new Map();
  const batch = rules.map((rule) => ({
    id: rule.id,
    scope: rule.scope,
    params: {
      since: rule.check.since,
      previous_since: new Date(rule.check.since.getTime() - rule.check.windowMs),
      state: rule.check.state ?? null,
      min_count: rule.check.minCount,
    },
  }));
  const join = `JOIN scope r ON r.state_machine_id = e.state_machine_id AND r.source_id = e.source_id
    AND e.start_date >= r.previous_since`;
  const parts = [
    `SELECT r.rule_id, e.state_machine_id, e.start_date >= r.since AS current, e.duration_ms::float8 AS ms
       FROM w e ${join} AND r.state IS NULL WHERE e.duration_ms IS NOT NULL`,
  ];
  if (rules.some((rule) => rule.check.state !== undefined)) {
    parts.push(`SELECT r.rule_id, e.state_machine_id, e.start_date >= r.since AS current, ${STATE_MS} AS ms
       FROM w e ${join} JOIN state_runs sr ON sr.execution_id = e.id AND sr.name = r.state
      WHERE sr.exited_at IS NOT NULL`);
  }
  const { rows } = await reader.query<P95Row & { rule_id: number }>(
    `WITH ${alertBatchCtes("since timestamptz, previous_since timestamptz, state text, min_count int")},
     w AS MATERIALIZED (SELECT id, start_date, state_machine_id, source_id, duration_ms FROM executions WHERE start_date >= $2),
     s AS (${parts.join(" UNION ALL ")}),
     p AS (SELECT rule_id, state_machine_id, ${P95} FROM s GROUP BY 1, 2)
     SELECT p.rule_id, m.name AS state_machine, m.arn AS state_machine_arn, p.count, p.p95, p.previous_p95
       FROM p JOIN r ON r.rule_id = p.rule_id JOIN state_machines m ON m.id = p.state_machine_id
      WHERE p.count >= r.min_count ORDER BY p.rule_id, m.arn`,
    [alertBatchParam(batch), earliest(batch.map((rule) => rule.params.previous_since))],
  );
  const checks = new Map(rules.map((rule) => [rule.id, rule.check]));
  return byRule(batch, rows, (row) => toSignal(row, checks.get(row.rule_id)!));
}

function toSignal(r: P95Row, check: DurationP95Check): AlertSignal | null {
  if (r.p95 === null) return null;
  const overAbsolute = check.aboveMs !== undefined && r.p95 > check.aboveMs;
  const overRatio =
    check.aboveRatio !== undefined &&
    r.previous_p95 !== null &&
    r.previous_p95 > 0 &&
    r.p95 > check.aboveRatio * r.previous_p95;
  if (!overAbsolute && !overRatio) return null;
  const p95 = Math.round(r.p95);
  const what = check.state === undefined ? "executions" : `state ${check.state}`;
  return {
    key: r.state_machine_arn,
    facts: {
      summary: overAbsolute
        ? `p95 duration of ${what} of ${r.state_machine} is ${p95} ms (above ${check.aboveMs} ms)`
        : `p95 duration of ${what} of ${r.state_machine} is ${p95} ms, ${(r.p95 / r.previous_p95!).toFixed(1)}× the previous window's ${Math.round(r.previous_p95!)} ms`,
      where: r.state_machine,
      stateMachineArn: r.state_machine_arn,
      count: r.count,
      value: p95,
      ...(overAbsolute
        ? { threshold: check.aboveMs!, unit: "ms" as const }
        : { threshold: check.aboveRatio!, unit: "ms" as const }),
      ...(check.state === undefined ? {} : { rootCauseState: check.state }),
    },
  };
}
