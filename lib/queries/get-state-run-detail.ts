import type { PrismaClient } from "@/lib/db/generated/client";
import type { ScopeSegment } from "@/lib/history/types";
import type { RunEvent, StateRunDetail } from "@/lib/execution-view/state-run-detail-types";
import { pickRunEvents } from "@/lib/execution-view/pick-run-events";
import type { SeenVariable } from "@/lib/execution-view/recheck-jsonata";

/** Most events one run's panel reads (a Task run has a handful; a Map's own events are few). */
const maxRangeEvents = 5_000;

/** One state run with payloads, attempts and its own events; null when the execution or run is unknown. */
export async function getStateRunDetail(
  db: PrismaClient,
  executionArn: string,
  key: string,
): Promise<StateRunDetail | null> {
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
      OR: [
        { stateName: run.name },
        { eventId: { in: [run.enteredEventId, ...(run.exitedEventId !== null ? [run.exitedEventId] : [])] } },
      ],
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
    variablesSeen: await variablesSeenBy(db, e.id, run.enteredEventId, run.scope as unknown as ScopeSegment[]),
    events: pickRunEvents(events, {
      name: run.name,
      enteredEventId: run.enteredEventId,
      exitedEventId: run.exitedEventId,
    }).map(({ stateName: _s, ...ev }) => ev),
  };
}

const sameSegment = (a: ScopeSegment, b: ScopeSegment) =>
  a.kind === b.kind && a.state === b.state && a.index === b.index;

/**
 * The variables a run could read when it entered: the `assignedVariables` of every state that
 * exited before, in the run's own scope or one enclosing it (a Parallel branch's or a Map
 * iteration's assignments stay inside it), the last assignment of each name winning.
 */
async function variablesSeenBy(
  db: PrismaClient,
  executionId: bigint,
  enteredEventId: number,
  scope: readonly ScopeSegment[],
): Promise<SeenVariable[]> {
  // Only runs in this scope or an enclosing one: in a 25,000-event Map, a few dozen rows instead of thousands of siblings'.
  const enclosing = Array.from({ length: scope.length + 1 }, (_, i) => JSON.stringify(scope.slice(0, i)));
  const rows = await db.$queryRaw<
    { key: string; name: string; scope: ScopeSegment[]; event_id: number; assigned: Record<string, unknown> }[]
  >`
    SELECT r.key, r.name, r.scope, h.event_id, d.value -> 'assignedVariables' AS assigned
      FROM state_runs r
      JOIN history_events h ON h.execution_id = r.execution_id AND h.event_id = r.exited_event_id
      CROSS JOIN LATERAL jsonb_each(h.details::jsonb) d
     WHERE r.execution_id = ${executionId} AND r.exited_event_id < ${enteredEventId}
       AND r.scope = ANY(${enclosing}::jsonb[])
       AND jsonb_typeof(d.value -> 'assignedVariables') = 'object'
     ORDER BY h.event_id`;
  const seen = new Map<string, SeenVariable>();
  for (const r of rows) {
    if (
      r.scope.length > scope.length ||
      !r.scope.every((seg, i) => scope[i] !== undefined && sameSegment(seg, scope[i]))
    )
      continue;
    for (const [name, raw] of Object.entries(r.assigned)) {
      let value: unknown = raw;
      if (typeof raw === "string") {
        try {
          value = JSON.parse(raw) as unknown;
        } catch {
          // AWS sends each value as JSON text; anything else is shown as it is.
        }
      }
      seen.set(name, { name, value, assignedBy: { stateName: r.name, runKey: r.key, eventId: r.event_id } });
    }
  }
  return [...seen.values()];
}
