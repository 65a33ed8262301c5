import type { Database } from "@/lib/db/database";
import type { HistoryEvent } from "@/lib/history/types";

/**
 * The stored histories of the executions with these ids, as AWS `HistoryEvent`s in id order,
 * keyed by execution id: one round trip whatever their number. An id with no events is absent.
 */
export async function readHistories(
  db: Database,
  executionIds: readonly string[],
): Promise<Map<string, HistoryEvent[]>> {
  const byExecution = new Map<string, HistoryEvent[]>();
  if (executionIds.length === 0) return byExecution;
  const { rows } = await db.pool.query<{
    execution_id: string;
    event_id: number;
    previous_event_id: number;
    timestamp: Date;
    type: string;
    details: Record<string, unknown>;
  }>(
    `SELECT execution_id::text, event_id, previous_event_id, timestamp, type, details
       FROM history_events WHERE execution_id = ANY($1::bigint[]) ORDER BY execution_id, event_id`,
    [executionIds],
  );
  for (const e of rows) {
    let list = byExecution.get(e.execution_id);
    if (list === undefined) byExecution.set(e.execution_id, (list = []));
    list.push({
      id: e.event_id,
      previousEventId: e.previous_event_id,
      timestamp: e.timestamp.toISOString(),
      type: e.type,
      ...e.details,
    } as HistoryEvent);
  }
  return byExecution;
}
