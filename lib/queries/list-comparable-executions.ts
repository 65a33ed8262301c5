import type { PrismaClient } from "@/lib/db/generated/client";

/** Another execution of the same state machine, as the Compare tab's picker offers it. */
export interface ComparableExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: string;
  /** True for the most recent SUCCEEDED execution, offered first. */
  readonly lastSuccess: boolean;
}

/**
 * Executions of the same state machine as `executionArn` (itself excluded): the most recent
 * SUCCEEDED one first, then the newest others, `limit` in all. Null when the execution is unknown.
 */
export async function listComparableExecutions(
  db: PrismaClient,
  executionArn: string,
  limit = 50,
): Promise<ComparableExecution[] | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true, stateMachineId: true } });
  if (!e) return null;
  const select = { id: true, executionArn: true, name: true, status: true, startDate: true } as const;
  const others = { stateMachineId: e.stateMachineId, NOT: { id: e.id } };
  const [success, newest] = await Promise.all([
    db.execution.findFirst({
      where: { ...others, status: "SUCCEEDED" },
      orderBy: [{ startDate: "desc" }, { id: "desc" }],
      select,
    }),
    db.execution.findMany({ where: others, orderBy: [{ startDate: "desc" }, { id: "desc" }], take: limit, select }),
  ]);
  const rows = success ? [success, ...newest.filter((r) => r.id !== success.id)].slice(0, limit) : newest;
  return rows.map((r) => ({
    executionArn: r.executionArn,
    name: r.name,
    status: r.status,
    startDate: r.startDate.toISOString(),
    lastSuccess: success !== null && r.id === success.id,
  }));
}
