import type { PrismaClient } from "@/lib/db/generated/client";
import type { ScopeSegment } from "@/lib/history/types";
import type { RunEvent, StateRunDetail } from "@/lib/execution-view/state-run-detail-types";
import { pickRunEvents } from "@/lib/execution-view/pick-run-events";

/** Most events one run's panel reads (a Task run has a handful; a Map's own events are few). */
const maxRangeEvents = 5_000;

/** One state run with payloads, attempts and its own events; null when the execution or run is unknown. */
export async function getStateRunDetail(db: PrismaClient, executionArn: string, key: string): Promise<StateRunDetail | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true } });
  if (!e) return null;
  const run = await db.stateRun.findUnique({
    where: { executionId_key: { executionId: e.id, key } },
    include: { attempts: { orderBy: { index: "asc" } } },
  });
  if (!run) return null;
  const rows = await db.historyEvent.findMany({
    // Only events naming this state: a Map iteration's range interleaves thousands of its siblings' events.
    where: {
      executionId: e.id,
      eventId: { gte: run.enteredEventId, ...(run.exitedEventId !== null ? { lte: run.exitedEventId } : {}) },
      OR: [{ stateName: run.name }, { eventId: { in: [run.enteredEventId, ...(run.exitedEventId !== null ? [run.exitedEventId] : [])] } }],
    },
    orderBy: { eventId: "asc" },
    take: maxRangeEvents,
    select: { eventId: true, previousEventId: true, timestamp: true, type: true, stateName: true, details: true },
  });
  const events: (RunEvent & { stateName: string | null })[] = rows.map((r) => ({
    id: r.eventId,
    previousEventId: r.previousEventId,
    timestamp: r.timestamp.toISOString(),
    type: r.type,
    stateName: r.stateName,
    details: r.details,
  }));
  return {
    key: run.key,
    name: run.name,
    stateType: run.stateType,
    scope: run.scope as unknown as ScopeSegment[],
    status: run.status,
    enteredAt: run.enteredAt.toISOString(),
    exitedAt: run.exitedAt?.toISOString() ?? null,
    input: run.input,
    output: run.output,
    error: run.error,
    cause: run.cause,
    attempts: run.attempts.map((a) => ({
      index: a.index,
      status: a.status,
      startedAt: a.startedAt.toISOString(),
      endedAt: a.endedAt?.toISOString() ?? null,
      durationMs: a.endedAt ? a.endedAt.getTime() - a.startedAt.getTime() : null,
      backoffMs: a.backoffMs,
      error: a.error,
      cause: a.cause,
    })),
    events: pickRunEvents(events, { name: run.name, enteredEventId: run.enteredEventId, exitedEventId: run.exitedEventId }).map(
      ({ stateName: _s, ...ev }) => ev,
    ),
  };
}
