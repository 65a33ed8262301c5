import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { AppError } from "@/lib/errors/app-error";
import { MAX_QUERY_LENGTH } from "@/lib/queries/query-language/parse-query";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";
import type { SavedView } from "@/lib/queries/list-saved-views";
import { savedViewRows } from "@/lib/store/saved-view-rows";

export const saveViewSchema = z.object({
  name: z.string().trim().min(1).max(80),
  query: z.string().trim().min(1).max(MAX_QUERY_LENGTH),
});
export type SaveView = z.infer<typeof saveViewSchema>;

/** Saves a named query for the team (audited); 422 naming the column of a wrong query, 409 for a name in use. */
export async function saveView(db: Database, actor: Actor, input: SaveView): Promise<SavedView> {
  try {
    parseListQuery(input.query);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new AppError({
      code: "unprocessable_entity",
      message: `query: ${error.message}`,
      details: { field: "query", column: error.column },
    });
  }
  const saved = await savedViewRows.insert(db, actor, input);
  if (!saved) throw new AppError({ code: "conflict", message: `a saved view named '${input.name}' exists already` });
  return saved;
}

/** Deletes a saved view (audited); 404 when there is none of that id. */
export async function deleteView(db: Database, actor: Actor, id: number): Promise<{ deleted: true }> {
  if (!(await savedViewRows.delete(db, actor, id)))
    throw new AppError({ code: "not_found", message: `no saved view ${id}` });
  return { deleted: true };
}
