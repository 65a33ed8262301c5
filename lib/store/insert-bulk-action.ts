import type { PrismaTransaction } from "./prisma-transaction";

/** A new bulk action's row. */
export interface NewBulkAction {
  readonly action: string;
  readonly filters: object;
  readonly userId: string | null;
  readonly actor: object;
  readonly options: object;
}

/** One item of a bulk action: its execution and the key that makes a retried call the same call. */
export interface NewBulkActionItem {
  readonly executionArn: string;
  readonly idempotencyKey: string;
}

/**
 * Stores a bulk action and its PENDING items (positions in `itemsOf`'s order), in the
 * caller's transaction. `itemsOf` receives the new id (the items' keys name it). Returns the id.
 */
export async function insertBulkAction(
  tx: PrismaTransaction,
  bulk: NewBulkAction,
  itemsOf: (id: bigint) => readonly NewBulkActionItem[],
): Promise<bigint> {
  const { id } = await tx.bulkAction.create({ data: bulk, select: { id: true } });
  await tx.bulkActionItem.createMany({
    data: itemsOf(id).map((item, position) => ({
      bulkActionId: id,
      position,
      executionArn: item.executionArn,
      idempotencyKey: item.idempotencyKey,
    })),
  });
  return id;
}
