import type { PrismaClient } from "@/lib/db/generated/client";
import { runsByNode } from "@/lib/execution-view/runs-by-node";
import { executionAttemptOf } from "@/lib/history/derive-execution-attempts";
import type { ScopeSegment, StateRunStatus } from "@/lib/history/types";
import { getExecutionAttempts } from "./get-execution-attempts";

interface NodeRunRow {
  key: string;
  name: string;
  scope: ScopeSegment[];
  status: StateRunStatus;
  entered_event_id: number;
}

/**
 * The keys of the runs of one graph node (visits, Map iterations, Parallel branches),
 * failures first then in entry order, as the state detail panel offers them: a few KB, so
 * the Graph tab never needs every state run with its attempts. Null when the execution is unknown.
 */
export async function getExecutionNodeRuns(
  db: PrismaClient,
  executionArn: string,
  nodeId: string,
): Promise<string[] | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true, redriveCount: true } });
  if (!e) return null;
  // A node id ends with its state's name (`Fan/0/Work`, `Items/items/Work`): only runs of that name can belong to it.
  const rows = await db.$queryRaw<NodeRunRow[]>`
    SELECT key, name, scope, status::text AS status, entered_event_id
      FROM state_runs WHERE execution_id = ${e.id} AND right(${nodeId}, length(name)) = name ORDER BY entered_event_id`;
  const attempts = await getExecutionAttempts(db, e);
  const runs = rows.map((r) => ({ ...r, redrive: executionAttemptOf(attempts, r.entered_event_id) }));
  return runsByNode(runs).get(nodeId) ?? [];
}
