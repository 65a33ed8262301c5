import type { Database } from "@/lib/db/database";
import { recordAudit, type AuditActor } from "./record-audit";

export interface SavedViewRow {
  readonly id: number;
  readonly name: string;
  readonly query: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/**
 * The writes to `saved_views`, each with its audit row in one transaction. The caller has
 * checked the name and that the query parses (lib/queries/query-language).
 */
export const savedViewRows = {
  /** Saves a view; null when a view of that name exists already (nothing written, the refusal audited). */
  async insert(db: Database, actor: AuditActor, view: { name: string; query: string }): Promise<SavedViewRow | null> {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ id: number; created_at: Date }>(
        `INSERT INTO saved_views (name, query, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO NOTHING RETURNING id, created_at`,
        [view.name, view.query, actor.name],
      );
      const row = rows[0];
      await recordAudit(client, actor, {
        action: "saved_view.create",
        targetType: "saved_view",
        targetId: row ? String(row.id) : null,
        details: { name: view.name, query: view.query },
        outcome: row ? "OK" : "REFUSED",
      });
      await client.query("COMMIT");
      return row ? { id: row.id, ...view, createdBy: actor.name, createdAt: row.created_at.toISOString() } : null;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  },

  /** Deletes a view; false when there was none of that id. */
  async delete(db: Database, actor: AuditActor, id: number): Promise<boolean> {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ name: string; query: string }>(
        "DELETE FROM saved_views WHERE id = $1 RETURNING name, query",
        [id],
      );
      const row = rows[0];
      if (row)
        await recordAudit(client, actor, {
          action: "saved_view.delete",
          targetType: "saved_view",
          targetId: String(id),
          details: row,
          outcome: "OK",
        });
      await client.query("COMMIT");
      return row !== undefined;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  },
};
