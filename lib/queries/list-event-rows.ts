import type { PrismaClient } from "@/lib/db/generated/client";
import type { EventRow } from "./execution-detail-types";

interface RawRow {
  event_id: number;
  previous_event_id: number;
  timestamp: Date;
  type: string;
  state_name: string | null;
  gist: string | null;
}

/**
 * Every event of an execution in id order, without payloads (for the virtualized list);
 * null when unknown. The gist (error, else resource, else nothing) is picked in SQL so
 * 25,000 payloads never leave the database.
 */
export async function listEventRows(db: PrismaClient, executionArn: string): Promise<EventRow[] | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true } });
  if (!e) return null;
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT h.event_id, h.previous_event_id, h.timestamp, h.type, h.state_name,
           (SELECT left(coalesce(d.value->>'error', d.value->>'resource'), 200)
              FROM jsonb_each(h.details) AS d
             WHERE jsonb_typeof(d.value) = 'object' LIMIT 1) AS gist
      FROM history_events h
     WHERE h.execution_id = ${e.id}
     ORDER BY h.event_id`;
  return rows.map((r) => ({
    id: r.event_id,
    previousEventId: r.previous_event_id,
    timestamp: r.timestamp.toISOString(),
    type: r.type,
    stateName: r.state_name,
    gist: r.gist,
  }));
}
