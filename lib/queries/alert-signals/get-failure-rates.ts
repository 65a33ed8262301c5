import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import type { AlertSignal, Reader } from "./alert-signal";

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
  const { rows } = await reader.query<{
    state_machine: string;
    state_machine_arn: string;
    failed: number;
    ended: number;
    first_seen: Date;
    last_seen: Date;
    newest_failed: string | null;
  }>(
    `WITH r AS (
       SELECT e.state_machine_id, count(*) FILTER (WHERE e.status IN ('FAILED', 'TIMED_OUT'))::int AS failed,
              count(*) FILTER (WHERE e.status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'))::int AS ended,
              min(e.start_date) FILTER (WHERE e.status IN ('FAILED', 'TIMED_OUT')) AS first_seen,
              max(e.start_date) FILTER (WHERE e.status IN ('FAILED', 'TIMED_OUT')) AS last_seen,
              max(e.id) FILTER (WHERE e.status IN ('FAILED', 'TIMED_OUT')) AS newest_failed
         FROM executions e WHERE e.start_date >= $1 AND ${where} GROUP BY 1)
     SELECT m.name AS state_machine, m.arn AS state_machine_arn, r.failed, r.ended, r.first_seen, r.last_seen,
            x.execution_arn AS newest_failed
       FROM r JOIN state_machines m ON m.id = r.state_machine_id LEFT JOIN executions x ON x.id = r.newest_failed
      WHERE r.ended >= $2 AND r.failed * 100.0 / r.ended > $3
      ORDER BY m.arn`,
    values,
  );
  return rows.map((r) => {
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
  });
}
