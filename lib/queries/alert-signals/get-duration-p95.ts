import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
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
      : `SELECT e.state_machine_id, e.start_date >= $2 AS current,
                extract(epoch FROM sr.exited_at - sr.entered_at) * 1000 AS ms
           FROM executions e JOIN state_runs sr ON sr.execution_id = e.id
          WHERE e.start_date >= $1 AND sr.name = $${values.push(check.state)} AND sr.exited_at IS NOT NULL AND ${where}`;
  const { rows } = await reader.query<{
    state_machine: string;
    state_machine_arn: string;
    count: number;
    p95: number | null;
    previous_p95: number | null;
  }>(
    `WITH s AS (${samples}),
     p AS (
       SELECT state_machine_id, count(*) FILTER (WHERE current)::int AS count,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE current) AS p95,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FILTER (WHERE NOT current) AS previous_p95
         FROM s GROUP BY 1)
     SELECT m.name AS state_machine, m.arn AS state_machine_arn, p.count, p.p95, p.previous_p95
       FROM p JOIN state_machines m ON m.id = p.state_machine_id WHERE p.count >= $3 ORDER BY m.arn`,
    values,
  );
  const what = check.state === undefined ? "executions" : `state ${check.state}`;
  const out: AlertSignal[] = [];
  for (const r of rows) {
    if (r.p95 === null) continue;
    const overAbsolute = check.aboveMs !== undefined && r.p95 > check.aboveMs;
    const overRatio =
      check.aboveRatio !== undefined &&
      r.previous_p95 !== null &&
      r.previous_p95 > 0 &&
      r.p95 > check.aboveRatio * r.previous_p95;
    if (!overAbsolute && !overRatio) continue;
    const p95 = Math.round(r.p95);
    out.push({
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
    });
  }
  return out;
}
