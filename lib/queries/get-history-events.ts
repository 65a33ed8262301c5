import type { PrismaClient } from "@/lib/db/generated/client";
import type { HistoryEvent } from "@/lib/history/types";

/**
 * The stored history of an execution as AWS `HistoryEvent`s, in id order: exactly the
 * events that went in. Pass `eventId` for one event. Null when the execution is unknown.
 */
export async function getHistoryEvents(
  db: PrismaClient,
  executionArn: string,
  eventId?: number,
): Promise<HistoryEvent[] | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true } });
  if (!e) return null;
  const rows = await db.historyEvent.findMany({
    where: { executionId: e.id, ...(eventId === undefined ? {} : { eventId }) },
    orderBy: { eventId: "asc" },
  });
  return rows.map(
    (r) =>
      ({
        id: r.eventId,
        previousEventId: r.previousEventId,
        timestamp: r.timestamp.toISOString(),
        type: r.type,
        ...(r.details as Record<string, unknown>),
      }) as HistoryEvent,
  );
}
