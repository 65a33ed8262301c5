import { quickAddJob } from "graphile-worker";
import type pg from "pg";

/** The graphile-worker task that runs a bulk action's pending items. */
export const bulkActionTask = "stepscope_bulk_action";

/** The job key of a bulk action: it is queued once at a time. */
export const bulkActionJobKey = (id: bigint | string): string => `bulk-action:${id}`;

/** Queues (or re-queues, to run now) the job of bulk action `id`. */
export async function enqueueBulkAction(pool: pg.Pool, id: bigint): Promise<void> {
  await quickAddJob(
    { pgPool: pool },
    bulkActionTask,
    { bulkActionId: String(id) },
    { jobKey: bulkActionJobKey(id), maxAttempts: 25 },
  );
}
