import type { Database } from "@/lib/db/database";
import { addSyncProgress } from "@/lib/store/add-sync-progress";
import { emptySyncProgress, type SyncProgress, type SyncProgressDelta } from "./sync-progress";

/** Buffers progress deltas and writes them to the source row (and `onProgress`) at most every `intervalMs`. */
export function createProgressReporter(
  db: Database,
  sourceId: number,
  intervalMs: number,
  onProgress: ((progress: SyncProgress) => void) | undefined,
): { add(delta: SyncProgressDelta): void; finish(phase: SyncProgress["phase"] | undefined): Promise<SyncProgress> } {
  let totals: SyncProgress = { ...emptySyncProgress, phase: "fetching" };
  let pending: Record<string, number> = {};
  let flushing: Promise<void> = Promise.resolve();
  const flush = (phase?: SyncProgress["phase"]): Promise<void> => {
    const delta = pending as SyncProgressDelta;
    pending = {};
    flushing = flushing.then(() => addSyncProgress(db, sourceId, delta, phase)).catch(() => {});
    onProgress?.(totals);
    return flushing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    add(delta) {
      const next: Record<string, number | string> = { ...totals };
      for (const [key, value] of Object.entries(delta)) {
        next[key] = ((next[key] as number | undefined) ?? 0) + (value ?? 0);
        pending[key] = (pending[key] ?? 0) + (value ?? 0);
      }
      totals = next as unknown as SyncProgress;
    },
    async finish(phase) {
      clearInterval(timer);
      if (phase) totals = { ...totals, phase };
      await flush(phase);
      return totals;
    },
  };
}
