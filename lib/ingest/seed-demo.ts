import type { Database } from "@/lib/db/database";
import { generateDemoExecutions } from "@/lib/demo/generate-demo-executions";
import { deriveHistory } from "@/lib/history/derive-history";
import { storeExecution } from "./store-execution";

/** Name of the demo source; its executions are generated, never real. */
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
    const executions = generateDemoExecutions({ seed: 20261121, count: demoExecutionCount, now });
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

/** Deletes the demo source and everything it holds; it is not seeded again. */
export async function removeDemoSource(db: Database): Promise<{ executionsRemoved: number }> {
  return db.prisma.$transaction(async (tx) => {
    const source = await tx.source.findUnique({ where: { name: demoSourceName }, include: { _count: { select: { executions: true } } } });
    if (!source || !source.isDemo) return { executionsRemoved: 0 };
    await tx.source.delete({ where: { id: source.id } });
    return { executionsRemoved: source._count.executions };
  });
}
