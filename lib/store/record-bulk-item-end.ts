import type { PrismaTransaction } from "./prisma-transaction";

/** How a bulk action's item ended: DONE with the execution it started (or redrove), or REFUSED / FAILED with why. */
export type BulkItemEnd =
  | { readonly state: "DONE"; readonly resultExecutionArn: string }
  | { readonly state: "REFUSED" | "FAILED"; readonly message: string };

/**
 * Writes how item `position` of bulk action `bulkActionId` ended, in the caller's
 * transaction (the one of its audit row). With `pendingOnly`, only while it is PENDING:
 * false when it was recorded already (by an overlapping run).
 */
export async function recordBulkItemEnd(
  tx: PrismaTransaction,
  bulkActionId: bigint,
  position: number,
  end: BulkItemEnd,
  options: { readonly pendingOnly: boolean },
): Promise<boolean> {
  const data = {
    state: end.state,
    resultExecutionArn: end.state === "DONE" ? end.resultExecutionArn : null,
    message: end.state === "DONE" ? null : end.message,
    finishedAt: new Date(),
  };
  if (!options.pendingOnly) {
    await tx.bulkActionItem.update({ where: { bulkActionId_position: { bulkActionId, position } }, data });
    return true;
  }
  const { count } = await tx.bulkActionItem.updateMany({ where: { bulkActionId, position, state: "PENDING" }, data });
  return count > 0;
}
