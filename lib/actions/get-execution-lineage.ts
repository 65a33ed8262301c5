import "server-only";
import type pg from "pg";

/** One execution of a lineage: `status` null when it was started but is not stored yet. */
export interface LineageItem {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string | null;
  readonly startDate: string | null;
  readonly source: string | null;
}

/** What an execution replays, and what replays it (newest first). */
export interface ExecutionLineage {
  readonly replayOf: LineageItem | null;
  readonly replays: readonly LineageItem[];
}

const nameOfArn = (arn: string): string => arn.slice(arn.lastIndexOf(":") + 1);

/**
 * The replay lineage of a stored execution, both ways: `executions.replay_of_execution_id`,
 * and the OK `execution.replay` audit rows (a replay started in AWS whose history is not
 * fetched yet has no row to point from; its audit row names it).
 */
export async function getExecutionLineage(db: Pick<pg.Pool, "query">, executionArn: string): Promise<ExecutionLineage> {
  const { rows } = await db.query<{
    direction: "of" | "by";
    arn: string;
    name: string | null;
    status: string | null;
    start_date: Date | null;
    source: string | null;
  }>(
    `WITH me AS (SELECT id, replay_of_execution_id FROM executions WHERE execution_arn = $1),
          linked AS (
            SELECT 'of' AS direction, o.execution_arn AS arn FROM executions o, me WHERE o.id = me.replay_of_execution_id
            UNION SELECT 'by', r.execution_arn FROM executions r, me WHERE r.replay_of_execution_id = me.id
            UNION SELECT 'of', a.target_id FROM audit_logs a WHERE a.action = 'execution.replay' AND a.outcome = 'OK' AND a.result_execution_arn = $1 AND a.target_id IS NOT NULL
            UNION SELECT 'by', a.result_execution_arn FROM audit_logs a WHERE a.action = 'execution.replay' AND a.outcome = 'OK' AND a.target_id = $1 AND a.result_execution_arn IS NOT NULL
          )
     SELECT l.direction, l.arn, e.name, e.status::text AS status, e.start_date, s.name AS source
       FROM linked l LEFT JOIN executions e ON e.execution_arn = l.arn LEFT JOIN sources s ON s.id = e.source_id
      WHERE l.arn <> $1
      ORDER BY e.start_date DESC NULLS FIRST, l.arn`,
    [executionArn],
  );
  const item = (r: (typeof rows)[number]): LineageItem => ({
    executionArn: r.arn,
    name: r.name ?? nameOfArn(r.arn),
    status: r.status,
    startDate: r.start_date?.toISOString() ?? null,
    source: r.source,
  });
  const of = rows.find((r) => r.direction === "of");
  return { replayOf: of ? item(of) : null, replays: rows.filter((r) => r.direction === "by").map(item) };
}
