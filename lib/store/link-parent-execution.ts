import type { Database } from "@/lib/db/database";

/**
 * Links the stored execution `executionArn` (a Distributed Map child) to its stored
 * parent; nothing when either is not stored or the link is already there.
 */
export async function linkParentExecution(
  db: Database,
  executionArn: string,
  parentExecutionArn: string,
): Promise<void> {
  await db.pool.query(
    `UPDATE executions SET parent_execution_id = p.id FROM executions p
      WHERE executions.execution_arn = $1 AND p.execution_arn = $2 AND executions.parent_execution_id IS DISTINCT FROM p.id`,
    [executionArn, parentExecutionArn],
  );
}

/** Links every stored child of the Map Run `mapRunArn` (its `map_run_arn`) to its stored parent. */
export async function linkMapRunChildren(
  db: Pick<Database, "pool">,
  mapRunArn: string,
  parentExecutionArn: string,
): Promise<void> {
  await db.pool.query(
    `UPDATE executions SET parent_execution_id = p.id FROM executions p
      WHERE executions.map_run_arn = $1 AND p.execution_arn = $2 AND executions.parent_execution_id IS DISTINCT FROM p.id`,
    [mapRunArn, parentExecutionArn],
  );
}
