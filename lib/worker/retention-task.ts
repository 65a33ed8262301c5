import type { Task } from "graphile-worker";
import type { Database } from "@/lib/db/database";
import { applyRetention, type RetentionOutcome } from "@/lib/store/apply-retention";
import { retentionPolicyRow } from "@/lib/store/retention-policy-row";

/** graphile-worker task identifier of the retention pass (hourly by crontab). */
export const retentionTask = "stepscope_retention";

/** `crontab` line: every hour at minute 17 (off the hour, when syncs and alerts crowd). */
export const retentionCrontab = `17 * * * * ${retentionTask}`;

/** One retention pass with the stored policy; one line saying what went, or null when nothing did. */
export async function runRetentionPass(db: Pick<Database, "pool">, now: Date = new Date()): Promise<string | null> {
  const outcome = await applyRetention(db.pool, await retentionPolicyRow.read(db.pool), { now });
  return describeRetention(outcome);
}

/** "retention removed 1200 executions (uploads: 1200), 40 rollup rows; kept 1 running" or null when nothing went. */
export function describeRetention(outcome: RetentionOutcome): string | null {
  const executions = outcome.sources.reduce((n, s) => n + s.executionsRemoved, 0);
  const rollups = outcome.sources.reduce((n, s) => n + s.rollupRowsRemoved, 0);
  const running = outcome.sources.reduce((n, s) => n + s.runningKept, 0);
  if (executions === 0 && rollups === 0) return null;
  const bySource = outcome.sources
    .filter((s) => s.executionsRemoved > 0)
    .map((s) => `${s.name}: ${s.executionsRemoved}`)
    .join(", ");
  return (
    `retention removed ${executions} executions${bySource ? ` (${bySource})` : ""}, ${rollups} rollup rows` +
    (running > 0 ? `; kept ${running} running past the cutoff` : "")
  );
}

/** The task, logging what it removed. */
export function createRetentionTask(db: Pick<Database, "pool">, log?: (message: string) => void): Task {
  return async () => {
    const line = await runRetentionPass(db);
    if (line) log?.(line);
  };
}
