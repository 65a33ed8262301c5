import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import type { AlertSignal, Reader } from "./alert-signal";

/** Executions in scope still RUNNING that started before `startedBefore`: one signal each (the oldest 500). */
export async function getRunningLongerThan(
  reader: Reader,
  scope: AlertScope,
  startedBefore: Date,
  now: Date,
): Promise<AlertSignal[]> {
  const values: unknown[] = [startedBefore];
  const where = alertScopeSql(scope, "e", values);
  const { rows } = await reader.query<{
    execution_arn: string;
    start_date: Date;
    state_machine: string;
    state_machine_arn: string;
  }>(
    `SELECT e.execution_arn, e.start_date, m.name AS state_machine, m.arn AS state_machine_arn
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
      WHERE e.status = 'RUNNING' AND e.start_date < $1 AND ${where}
      ORDER BY e.start_date LIMIT 500`,
    values,
  );
  return rows.map((r) => {
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
  });
}
