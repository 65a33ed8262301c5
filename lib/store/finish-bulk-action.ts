import type { Database } from "@/lib/db/database";

/** Marks the running bulk action `id` DONE once none of its items is PENDING; otherwise nothing. */
export async function finishBulkAction(db: Database, id: bigint): Promise<void> {
  await db.pool.query(
    `UPDATE bulk_actions SET state = 'DONE', finished_at = now()
      WHERE id = $1 AND state = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM bulk_action_items WHERE bulk_action_id = $1 AND state = 'PENDING')`,
    [id],
  );
}
