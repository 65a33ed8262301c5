import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import { alertBatchCtes, alertBatchParam, byRule, latest } from "@/lib/queries/alert-signals/alert-batch-sql";
import type { AlertSignal, Reader } from "./alert-signal";

interface RunningRow {
  execution_arn: string;
  start_date: Date;
  state_machine: string;
  state_machine_arn: string;
}

/** Executions in scope still RUNNING that started before `startedBefore`: one signal each (the oldest 500). */
export async function getRunningLongerThan(
  reader: Reader,
  scope: AlertScope,
  startedBefore: Date,
  now: Date,
): Promise<AlertSignal[]> {
  const values: unknown[] = [startedBefore];
  const where = alertScopeSql(scope, "e", values);
  const { rows } = await reader.query<RunningRow>(
    `SELECT e.execution_arn, e.start_date, m.name AS state_machine, m.arn AS state_machine_arn
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
      WHERE e.status = 'RUNNING' AND e.start_date < $1 AND ${where}
      ORDER BY e.start_date LIMIT 500`,
    values,
  );
  return rows.map((row) => toSignal(row, startedBefore, now));
}

/** {@link getRunningLongerThan} of many rules (by id) in one read of the running executions. */
export async function getRunningLongerThanBatch(
  reader: Reader,
  rules: readonly { id: number; scope: AlertScope; startedBefore: Date }[],
  now: Date,
): Promise<Map<number, AlertSignal[]>> {
  if (rules.length === 0) return new Map();
  const batch = rules.map((rule) => ({ id: rule.id, scope: rule.scope, params: { before: rule.startedBefore } }));
  const { rows } = await reader.query<RunningRow & { rule_id: number; before: Date }>(
    `WITH ${alertBatchCtes("before timestamptz")},
     x AS (
       SELECT s.rule_id, s.before, e.execution_arn, e.start_date, e.state_machine_id,
              row_number() OVER (PARTITION BY s.rule_id ORDER BY e.start_date, e.id) AS n
         FROM executions e
         JOIN scope s ON s.state_machine_id = e.state_machine_id AND s.source_id = e.source_id AND e.start_date < s.before
        WHERE e.status = 'RUNNING' AND e.start_date < $2)
     SELECT x.rule_id, x.before, x.execution_arn, x.start_date, m.name AS state_machine, m.arn AS state_machine_arn
       FROM x JOIN state_machines m ON m.id = x.state_machine_id WHERE x.n <= 500 ORDER BY x.rule_id, x.n`,
    [alertBatchParam(batch), latest(rules.map((rule) => rule.startedBefore))],
  );
  return byRule(batch, rows, (row) => toSignal(row, row.before, now));
}

function toSignal(r: RunningRow, startedBefore: Date, now: Date): AlertSignal {
  const runningMs = now.getTime() - r.start_date.getTime();
  return {
    key: r.execution_arn,
    facts: {
      summary: `${r.execution_arn.split(":").pop() ?? r.execution_arn} of ${r.state_machine} still running after ${Math.round(runningMs / 60_000)} min`,
      where: r.state_machine,
      stateMachineArn: r.state_machine_arn,
      count: 1,
      firstSeen: r.start_date.toISOString(),
      lastSeen: r.start_date.toISOString(),
      executionArn: r.execution_arn,
      value: runningMs,
      threshold: now.getTime() - startedBefore.getTime(),
      unit: "ms",
    },
  };
}
