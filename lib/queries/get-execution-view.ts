import type { PrismaClient } from "@/lib/db/generated/client";
import type { ScopeSegment } from "@/lib/history/types";
import type { ExecutionViewData } from "@/lib/execution-view/view-types";

/**
 * The definition and every state run with its attempts (no payloads) for the Graph and
 * Timeline tabs; null when the execution is unknown. Reads the derived rows, never raw events.
 */
export async function getExecutionView(db: PrismaClient, executionArn: string): Promise<ExecutionViewData | null> {
  const e = await db.execution.findUnique({
    where: { executionArn },
    select: { id: true, startDate: true, stopDate: true, definition: { select: { definition: true } } },
  });
  if (!e) return null;
  const runs = await db.stateRun.findMany({
    where: { executionId: e.id },
    orderBy: { enteredEventId: "asc" },
    select: {
      key: true, name: true, stateType: true, scope: true, parentKey: true, enteredEventId: true, exitedEventId: true,
      enteredAt: true, exitedAt: true, status: true, error: true,
      attempts: { orderBy: { index: "asc" }, select: { index: true, startedAt: true, endedAt: true, status: true, error: true, backoffMs: true } },
    },
  });
  return {
    definition: e.definition?.definition ?? null,
    startMs: e.startDate.getTime(),
    endMs: e.stopDate?.getTime() ?? null,
    runs: runs.map((r) => ({
      key: r.key,
      name: r.name,
      stateType: r.stateType,
      scope: r.scope as unknown as ScopeSegment[],
      parentKey: r.parentKey,
      enteredEventId: r.enteredEventId,
      exitedEventId: r.exitedEventId,
      startMs: r.enteredAt.getTime(),
      endMs: r.exitedAt?.getTime() ?? null,
      status: r.status,
      error: r.error,
      attempts: r.attempts.map((a) => ({
        index: a.index,
        startMs: a.startedAt.getTime(),
        endMs: a.endedAt?.getTime() ?? null,
        status: a.status,
        error: a.error,
        backoffMs: a.backoffMs,
      })),
    })),
  };
}
