import type { Database } from "@/lib/db/database";

/** Sets `sync_cursor.<section>.<key>` in one statement (other keys, and other workers' writes, stay). */
export async function setSyncCursorEntry(
  db: Database,
  sourceId: number,
  section: "standard" | "express",
  key: string,
  value: unknown,
): Promise<void> {
  await db.pool.query(
    `UPDATE sources SET sync_cursor = COALESCE(sync_cursor, '{}'::jsonb)
       || jsonb_build_object($2::text, COALESCE(sync_cursor->$2, '{}'::jsonb) || jsonb_build_object($3::text, $4::jsonb))
     WHERE id = $1`,
    [sourceId, section, key, JSON.stringify(value)],
  );
}
