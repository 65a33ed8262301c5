import type { PrismaClient } from "@/lib/db/generated/client";
import { deriveExecutionAttempts, type ExecutionAttempt } from "@/lib/history/derive-execution-attempts";
import type { HistoryEvent } from "@/lib/history/types";

/** What {@link getExecutionAttempts} reads of the execution row. */
export interface AttemptsOf {
  readonly id: bigint;
  readonly redriveCount: number;
}

/**
 * The execution's attempts (first run, then each redrive), from its `Execution*` events
 * only: a handful of rows, read only for an execution that was redriven (an execution never
 * redriven is one attempt, and the page knows it without reading anything).
 */
export async function getExecutionAttempts(db: PrismaClient, e: AttemptsOf): Promise<ExecutionAttempt[]> {
  if (e.redriveCount === 0) return [];
  const rows = await db.historyEvent.findMany({
    where: {
      executionId: e.id,
      type: {
        in: [
          "ExecutionStarted",
          "ExecutionSucceeded",
          "ExecutionFailed",
          "ExecutionTimedOut",
          "ExecutionAborted",
          "ExecutionRedriven",
        ],
      },
    },
    orderBy: { eventId: "asc" },
    select: { eventId: true, previousEventId: true, timestamp: true, type: true, details: true },
  });
  const events = rows.map((r): HistoryEvent => ({
    ...(typeof r.details === "object" && r.details !== null && !Array.isArray(r.details) ? r.details : {}),
    id: r.eventId,
    previousEventId: r.previousEventId,
    timestamp: r.timestamp.toISOString(),
    type: r.type,
  }));
  return deriveExecutionAttempts(events);
}
