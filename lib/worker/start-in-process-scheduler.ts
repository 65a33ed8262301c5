import type { Database } from "@/lib/db/database";
import { startInProcessSync } from "@/lib/ingest/sync-in-process";
import { runRetentionPass } from "./retention-task";

/** Settings of {@link startInProcessScheduler}. */
export interface InProcessSchedulerOptions {
  /** How often due sources are looked for, ms; default 60,000. */
  readonly checkEveryMs?: number;
  /** How often the retention policy is applied, ms; default 3,600,000 (an advisory lock keeps one pass at a time across processes). */
  readonly retentionEveryMs?: number;
  /** Told what a retention pass removed, or why it failed. */
  readonly log?: (message: string) => void;
}

/**
 * The default (`npm start`) mode: every `checkEveryMs` the web process syncs, in itself,
 * each AWS source whose `pollIntervalSeconds` has passed since its last sync. Separate
 * workers (`npm run worker`) take over the same work when they run: a source's advisory
 * lock keeps one sync per source at a time whichever process runs it. A sync left RUNNING
 * for an hour (its process was killed) is started again and resumes from its cursor.
 * Every `retentionEveryMs` it applies the retention policy (as workers do hourly).
 * Returns a stop function.
 */
export function startInProcessScheduler(db: Database, options: InProcessSchedulerOptions = {}): () => void {
  const tick = async (): Promise<void> => {
    const { rows } = await db.pool.query<{ id: number }>(
      `SELECT id FROM sources WHERE kind = 'AWS' AND region IS NOT NULL AND (sync_state <> 'RUNNING' OR sync_started_at < now() - interval '1 hour')
          AND (last_sync_at IS NULL OR last_sync_at + make_interval(secs => COALESCE((settings->>'pollIntervalSeconds')::int, 300)) < now())`,
    );
    // The outcome of each is on its source row.
    for (const { id } of rows) void startInProcessSync(db, id).catch(() => {});
  };
  const timer = setInterval(() => void tick().catch(() => {}), options.checkEveryMs ?? 60_000);
  timer.unref();
  void tick().catch(() => {});
  const retain = (): void =>
    void runRetentionPass(db).then(
      (line) => (line ? options.log?.(line) : undefined),
      (error: unknown) => options.log?.(`retention failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  const retention = setInterval(retain, options.retentionEveryMs ?? 3_600_000);
  retention.unref();
  return () => {
    clearInterval(timer);
    clearInterval(retention);
  };
}
