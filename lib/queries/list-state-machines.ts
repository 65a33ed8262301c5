import type { PrismaClient } from "@/lib/db/generated/client";
import { localSourceKinds } from "./production-scope";

export interface StateMachineRow {
  readonly arn: string;
  readonly name: string;
  readonly type: string;
  readonly accountId: string | null;
  readonly region: string | null;
  readonly sourceName: string;
  readonly definitions: number;
  /** AWS, imported and demo executions (local runs excluded, see lib/queries/production-scope.ts). */
  readonly executions: number;
  /** Failed, timed out or aborted, of `executions`. */
  readonly failed: number;
  /** Local runs (interpreter runs, local replays and redrives) of this state machine. */
  readonly localRuns: number;
}

/** Every state machine (one row per ARN) with its definition count and execution totals (from the rollups). */
export async function listStateMachines(db: PrismaClient): Promise<StateMachineRow[]> {
  const local = { kind: { in: [...localSourceKinds] } };
  const [machines, sums, localSums] = await Promise.all([
    db.stateMachine.findMany({
      orderBy: [{ name: "asc" }, { arn: "asc" }],
      include: { source: { select: { name: true } }, _count: { select: { definitions: true } } },
    }),
    db.executionDailyRollup.groupBy({
      by: ["stateMachineId"],
      where: { source: { NOT: local } },
      _sum: { total: true, failed: true, timedOut: true, aborted: true },
    }),
    db.executionDailyRollup.groupBy({ by: ["stateMachineId"], where: { source: local }, _sum: { total: true } }),
  ]);
  const byId = new Map(sums.map((s) => [s.stateMachineId, s._sum]));
  const localById = new Map(localSums.map((s) => [s.stateMachineId, s._sum.total ?? 0]));
  return machines.map((m) => {
    const s = byId.get(m.id);
    return {
      arn: m.arn,
      name: m.name,
      type: m.type,
      accountId: m.accountId,
      region: m.region,
      sourceName: m.source.name,
      definitions: m._count.definitions,
      executions: s?.total ?? 0,
      failed: (s?.failed ?? 0) + (s?.timedOut ?? 0) + (s?.aborted ?? 0),
      localRuns: localById.get(m.id) ?? 0,
    };
  });
}
