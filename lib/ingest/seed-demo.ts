import type { Database } from "@/lib/db/database";
import { runExampleExecutions } from "@/lib/examples/run-example-executions";
import { deriveHistory } from "@/lib/history/derive-history";
import { markDemoSeeded } from "@/lib/store/mark-demo-seeded";
import { removeSourceIn } from "@/lib/store/remove-source-in";
import { storeExecutions } from "@/lib/store/store-execution";

/** Name of the demo source; its executions are the bundled examples run in the interpreter, never real. */
export const demoSourceName = "demo";
/** How many demo executions a first start gets. */
export const demoExecutionCount = 240;
/** The demo's seed: every database gets the same demo executions (at times relative to its first start). */
export const demoSeed = 20261121;
/** Executions stored per transaction: one transaction each spent 74 of a first start's seconds on a loaded machine. */
const seedBatchSize = 40;

/**
 * Fills the demo source on the first start of a database, once: a database whose demo
 * source was removed (or already seeded) is left as it is. Returns how many executions
 * were stored (0 when it did nothing). Safe when two processes start at once: an advisory
 * lock and the `app_settings` marker make the second one do nothing. The executions are
 * stored in batches (one transaction each); `onProgress` hears of each.
 */
export async function seedDemoOnFirstStart(
  db: Database,
  now: Date,
  options: { readonly onProgress?: (stored: number, total: number) => void } = {},
): Promise<number> {
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('stepscope.seed-demo'))");
    const marker = await client.query("SELECT 1 FROM app_settings WHERE key = 'demo.seeded'");
    if (marker.rowCount) return 0;
    const executions = await runExampleExecutions({ seed: demoSeed, count: demoExecutionCount, now });
    options.onProgress?.(0, executions.length);
    for (let i = 0; i < executions.length; i += seedBatchSize) {
      const batch = executions.slice(i, i + seedBatchSize).map((parsed) => ({
        parsed,
        derived: deriveHistory(parsed.events),
        source: { kind: "DEMO", name: demoSourceName } as const,
      }));
      // Demo data needs no WAL flush per batch: a crash before the marker below seeds again, and storing is idempotent.
      await storeExecutions(db, batch, { synchronousCommit: false });
      options.onProgress?.(Math.min(i + seedBatchSize, executions.length), executions.length);
    }
    await markDemoSeeded(client, { at: now.toISOString(), count: executions.length });
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
