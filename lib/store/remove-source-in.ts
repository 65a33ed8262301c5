import type { PrismaTransaction } from "./prisma-transaction";

/**
 * Inside the caller's transaction, deletes source `sourceId` and the executions it holds
 * (their events, state runs and rollup rows go with them). A state machine first stored
 * by this source but also holding executions of another source is handed to that source.
 * Every rollup is keyed by source, so the removed source's rows go with it (foreign keys).
 */
export async function removeSourceIn(tx: PrismaTransaction, sourceId: number): Promise<{ executionsRemoved: number }> {
  const machines = (await tx.stateMachine.findMany({ where: { sourceId }, select: { id: true } })).map((m) => m.id);
  const removed = await tx.execution.deleteMany({ where: { sourceId } });
  if (machines.length) {
    await tx.$executeRaw`
      UPDATE state_machines sm
         SET source_id = (SELECT e.source_id FROM executions e WHERE e.state_machine_id = sm.id LIMIT 1)
       WHERE sm.id = ANY(${machines}) AND EXISTS (SELECT 1 FROM executions e WHERE e.state_machine_id = sm.id)`;
  }
  await tx.source.delete({ where: { id: sourceId } });
  return { executionsRemoved: removed.count };
}
