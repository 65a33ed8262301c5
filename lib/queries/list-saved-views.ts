import type { Database } from "@/lib/db/database";

export interface SavedView {
  readonly id: number;
  readonly name: string;
  /** A query-language expression: the list at `/executions?q=<query>`. */
  readonly query: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** Every saved view, by name. */
export async function listSavedViews(db: Database): Promise<SavedView[]> {
  const { rows } = await db.pool.query<{
    id: number;
    name: string;
    query: string;
    created_by: string;
    created_at: Date;
  }>("SELECT id, name, query, created_by, created_at FROM saved_views ORDER BY lower(name), id");
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: r.query,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  }));
}
