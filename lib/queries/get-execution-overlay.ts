import type { PrismaClient } from "@/lib/db/generated/client";
import {
  computeGraphOverlay,
  graphOverlayToJson,
  type GraphOverlayJson,
  type OverlayRun,
} from "@/lib/execution-view/graph-overlay";
import { cachedDefinitionGraph } from "@/lib/execution-view/layout-cache";
import { executionAttemptOf } from "@/lib/history/derive-execution-attempts";
import type { ScopeSegment, StateRunStatus } from "@/lib/history/types";
import { getExecutionAttempts } from "./get-execution-attempts";

interface OverlayRow {
  key: string;
  name: string;
  scope: ScopeSegment[];
  parent_key: string | null;
  status: StateRunStatus;
  retry_count: number;
  entered_event_id: number;
}

/**
 * The execution drawn over its graph (status, runs and retries per state, the path taken,
 * Map iteration counts), for the chosen Map `iterations`: a few KB where the state runs
 * with their attempts are megabytes, so the graph is drawn without waiting for those.
 * Empty when no definition is stored; null when the execution is unknown.
 */
export async function getExecutionOverlay(
  db: PrismaClient,
  executionArn: string,
  iterations: ReadonlyMap<string, number>,
): Promise<GraphOverlayJson | null> {
  const e = await db.execution.findUnique({
    where: { executionArn },
    select: { id: true, redriveCount: true, definition: { select: { definition: true, hash: true } } },
  });
  if (!e) return null;
  if (!e.definition) return { nodes: [], takenEdges: [], maps: [] };
  const rows = await db.$queryRaw<OverlayRow[]>`
    SELECT key, name, scope, parent_key, status::text AS status, retry_count, entered_event_id
      FROM state_runs WHERE execution_id = ${e.id} ORDER BY entered_event_id`;
  const attempts = await getExecutionAttempts(db, e);
  const runs = rows.map((r): OverlayRun => ({
    key: r.key,
    name: r.name,
    scope: r.scope,
    parentKey: r.parent_key,
    status: r.status,
    retries: r.retry_count,
    redrive: executionAttemptOf(attempts, r.entered_event_id),
  }));
  const graph = cachedDefinitionGraph(e.definition.hash, e.definition.definition);
  return graphOverlayToJson(computeGraphOverlay(graph, runs, iterations));
}
