import type { PrismaClient } from "@/lib/db/generated/client";

export interface StateMachineRow {
  readonly arn: string;
  readonly name: string;
  readonly type: string;
  readonly sourceName: string;
  readonly definitions: number;
  readonly executions: number;
  readonly failed: number;
}

/** Every state machine with its definition count and execution totals (from the rollups). */
export async function listStateMachines(db: PrismaClient): Promise<StateMachineRow[]> {
  const [machines, sums] = await Promise.all([
    db.stateMachine.findMany({
      orderBy: { name: "asc" },
      include: { source: { select: { name: true } }, _count: { select: { definitions: true } } },
    }),
    db.executionDailyRollup.groupBy({
      by: ["stateMachineId"],
      _sum: { total: true, failed: true, timedOut: true, aborted: true },
    }),
  ]);
  const byId = new Map(sums.map((s) => [s.stateMachineId, s._sum]));
  return machines.map((m) => {
    const s = byId.get(m.id);
    return {
      arn: m.arn,
      name: m.name,
      type: m.type,
      sourceName: m.source.name,
      definitions: m._count.definitions,
      executions: s?.total ?? 0,
      failed: (s?.failed ?? 0) + (s?.timedOut ?? 0) + (s?.aborted ?? 0),
    };
  });
}
