import type { PrismaClient } from "@/lib/db/generated/client";
import type { ScopeSegment } from "@/lib/history/types";
import { executionAttemptOf } from "@/lib/history/derive-execution-attempts";
import type { StateRunRow } from "./execution-detail-types";
import { getExecutionAttempts } from "./get-execution-attempts";

/**
 * Every state run of an execution in entry order; a redriven execution's runs by attempt, the
 * latest redrive first, each run saying which attempt it belongs to. Null when the execution is unknown.
 */
export async function listStateRunRows(db: PrismaClient, executionArn: string): Promise<StateRunRow[] | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true, redriveCount: true } });
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
  const attempts = await getExecutionAttempts(db, e);
  const rows = runs.map((r) => ({
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
    redrive: attempts.length ? executionAttemptOf(attempts, r.enteredEventId) : null,
  }));
  // Stable: entry order within each attempt.
  return attempts.length ? rows.sort((a, b) => (b.redrive ?? 0) - (a.redrive ?? 0)) : rows;
}
