import type { SqlClient } from "./sql-client";

/** Marks stored execution `executionId` as a replay of execution `originalId`, in the caller's transaction (a local replay stores and links in one). */
export async function setReplayOf(client: SqlClient, executionId: string, originalId: bigint | string): Promise<void> {
  await client.query("UPDATE executions SET replay_of_execution_id = $2 WHERE id = $1", [
    executionId,
    String(originalId),
  ]);
}
