import type { PrismaClient } from "@/lib/db/generated/client";
import type { ScopeSegment } from "@/lib/history/types";
import type { StateRunRow } from "./execution-detail-types";

/** Every state run of an execution in entry order; null when the execution is unknown. */
export async function listStateRunRows(db: PrismaClient, executionArn: string): Promise<StateRunRow[] | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true } });
  if (!e) return null;
  const runs = await db.stateRun.findMany({
    where: { executionId: e.id },
    orderBy: { enteredEventId: "asc" },
    select: {
      key: true,
      name: true,
      stateType: true,
      scope: true,
      status: true,
      enteredAt: true,
      exitedAt: true,
      retryCount: true,
      error: true,
      enteredEventId: true,
    },
  });
  return runs.map((r) => ({
    key: r.key,
    name: r.name,
    stateType: r.stateType,
    scope: r.scope as unknown as ScopeSegment[],
    status: r.status,
    enteredAt: r.enteredAt.toISOString(),
    exitedAt: r.exitedAt?.toISOString() ?? null,
    retryCount: r.retryCount,
    error: r.error,
    enteredEventId: r.enteredEventId,
  }));
}
