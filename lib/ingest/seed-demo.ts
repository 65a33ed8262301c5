import type { Database } from "@/lib/db/database";
import { runExampleExecutions } from "@/lib/examples/run-example-executions";
import { deriveHistory } from "@/lib/history/derive-history";
import { storeExecution } from "./store-execution";

/** Name of the demo source; its executions are the bundled examples run in the interpreter, never real. */
export const demoSourceName = "demo";
/** How many demo executions a first start gets. */
export const demoExecutionCount = 240;

/**
 * Fills the demo source on the first start of a database, once: a database whose demo
 * source was removed (or already seeded) is left as it is. Returns how many executions
 * were stored (0 when it did nothing). Safe when two processes start at once: an advisory
 * lock and the `app_settings` marker make the second one do nothing.
 */
export async function seedDemoOnFirstStart(db: Database, now: Date): Promise<number> {
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('stepscope.seed-demo'))");
    const marker = await client.query("SELECT 1 FROM app_settings WHERE key = 'demo.seeded'");
    if (marker.rowCount) return 0;
    const executions = await runExampleExecutions({ seed: 20261121, count: demoExecutionCount, now });
    for (const parsed of executions) {
      await storeExecution(db, parsed, deriveHistory(parsed.events), { kind: "DEMO", name: demoSourceName });
    }
    await client.query(
      "INSERT INTO app_settings (key, value) VALUES ('demo.seeded', $1::jsonb) ON CONFLICT (key) DO NOTHING",
      [JSON.stringify({ at: now.toISOString(), count: executions.length })],
    );
    return executions.length;
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('stepscope.seed-demo'))").catch(() => {});
    client.release();
  }
}

/**
 * Deletes the demo source and the executions it holds; it is not seeded again. See
 * {@link removeSourceIn}: removing the demo never deletes anyone else's executions.
 */
export async function removeDemoSource(db: Database): Promise<{ executionsRemoved: number }> {
  return db.prisma.$transaction(async (tx) => {
    const source = await tx.source.findUnique({ where: { name: demoSourceName } });
    if (!source || !source.isDemo) return { executionsRemoved: 0 };
    return removeSourceIn(tx, source.id);
  });
}

/** The transaction client Prisma's interactive `$transaction` hands out. */
export type PrismaTransaction = Parameters<Parameters<Database["prisma"]["$transaction"]>[0]>[0];

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
