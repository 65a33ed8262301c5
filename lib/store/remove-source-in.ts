import type { PrismaTransaction } from "./prisma-transaction";

/**
 * Inside the caller's transaction, deletes source `sourceId` and the executions it holds
 * (their events, state runs and rollup rows go with them). A state machine first stored
 * by this source but also holding executions of another source is handed to that source
 * (its daily rollups rebuilt without the removed executions).
 */
export async function removeSourceIn(tx: PrismaTransaction, sourceId: number): Promise<{ executionsRemoved: number }> {
  const machines = (await tx.stateMachine.findMany({ where: { sourceId }, select: { id: true } })).map((m) => m.id);
  const removed = await tx.execution.deleteMany({ where: { sourceId } });
  if (machines.length) {
    await tx.$executeRaw`
      UPDATE state_machines sm
         SET source_id = (SELECT e.source_id FROM executions e WHERE e.state_machine_id = sm.id LIMIT 1)
       WHERE sm.id = ANY(${machines}) AND EXISTS (SELECT 1 FROM executions e WHERE e.state_machine_id = sm.id)`;
    await tx.$executeRaw`DELETE FROM execution_daily_rollups WHERE state_machine_id = ANY(${machines})`;
    await tx.$executeRaw`
      INSERT INTO execution_daily_rollups (day, state_machine_id, source_id, total, running, succeeded, failed,
        timed_out, aborted, pending_redrive, billable_transitions, retries, duration_ms_sum, duration_ms_max, duration_count)
      SELECT (e.start_date AT TIME ZONE 'UTC')::date, e.state_machine_id, sm.source_id, count(*),
             count(*) FILTER (WHERE e.status = 'RUNNING'), count(*) FILTER (WHERE e.status = 'SUCCEEDED'),
             count(*) FILTER (WHERE e.status = 'FAILED'), count(*) FILTER (WHERE e.status = 'TIMED_OUT'),
             count(*) FILTER (WHERE e.status = 'ABORTED'), count(*) FILTER (WHERE e.status = 'PENDING_REDRIVE'),
             sum(e.billable_transitions), sum(e.retries), coalesce(sum(e.duration_ms), 0),
             coalesce(max(e.duration_ms), 0), count(e.duration_ms)
        FROM executions e JOIN state_machines sm ON sm.id = e.state_machine_id
       WHERE e.state_machine_id = ANY(${machines})
       GROUP BY 1, 2, 3`;
  }
  await tx.source.delete({ where: { id: sourceId } });
  return { executionsRemoved: removed.count };
}
