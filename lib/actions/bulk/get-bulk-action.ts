import { AppError } from "@/lib/errors/app-error";
import type { Database } from "@/lib/db/database";

/** One item as the progress view shows it. */
export interface BulkActionItemView {
  readonly position: number;
  readonly executionArn: string;
  readonly state: string;
  readonly resultExecutionArn: string | null;
  readonly message: string | null;
}

/** A bulk action's progress: counts by item state and every item. */
export interface BulkActionView {
  readonly id: string;
  readonly action: string;
  readonly state: string;
  readonly filters: unknown;
  readonly startedBy: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly total: number;
  readonly counts: {
    readonly pending: number;
    readonly done: number;
    readonly refused: number;
    readonly failed: number;
  };
  readonly items: readonly BulkActionItemView[];
}

/** `GET /api/bulk-actions/:id`; 404 when there is no such bulk action. */
export async function getBulkAction(db: Pick<Database, "prisma">, id: bigint): Promise<BulkActionView> {
  const bulk = await db.prisma.bulkAction.findUnique({
    where: { id },
    include: {
      items: {
        orderBy: { position: "asc" },
        select: { position: true, executionArn: true, state: true, resultExecutionArn: true, message: true },
      },
    },
  });
  if (!bulk) throw new AppError({ code: "not_found", message: `Bulk action ${id} not found` });
  const count = (state: string): number => bulk.items.filter((i) => i.state === state).length;
  const actor = bulk.actor as { name?: unknown };
  return {
    id: String(bulk.id),
    action: bulk.action,
    state: bulk.state,
    filters: bulk.filters,
    startedBy: typeof actor.name === "string" ? actor.name : "unknown",
    createdAt: bulk.createdAt.toISOString(),
    finishedAt: bulk.finishedAt?.toISOString() ?? null,
    total: bulk.items.length,
    counts: { pending: count("PENDING"), done: count("DONE"), refused: count("REFUSED"), failed: count("FAILED") },
    items: bulk.items,
  };
}
