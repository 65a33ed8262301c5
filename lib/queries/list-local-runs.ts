import type { PrismaClient } from "@/lib/db/generated/client";

export interface LocalRunRow {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineName: string;
  readonly status: string;
  readonly startDate: string;
  readonly durationMs: number | null;
  readonly error: string | null;
}

/** The latest executions of the source `local`, newest first (`limit` default 20). */
export async function listLocalRuns(db: PrismaClient, limit = 20): Promise<LocalRunRow[]> {
  const rows = await db.execution.findMany({
    where: { source: { name: "local" } },
    orderBy: [{ startDate: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      executionArn: true,
      name: true,
      status: true,
      startDate: true,
      durationMs: true,
      error: true,
      stateMachine: { select: { name: true } },
    },
  });
  return rows.map((r) => ({
    executionArn: r.executionArn,
    name: r.name,
    stateMachineName: r.stateMachine.name,
    status: r.status,
    startDate: r.startDate.toISOString(),
    durationMs: r.durationMs === null ? null : Number(r.durationMs),
    error: r.error,
  }));
}
