import type { PrismaTransaction } from "./prisma-transaction";

/** Marks the stored execution `replayArn` as a replay of execution `originalId` (nothing when it is not stored), in the caller's transaction. */
export async function markReplayOf(tx: PrismaTransaction, replayArn: string, originalId: bigint): Promise<void> {
  await tx.execution.updateMany({ where: { executionArn: replayArn }, data: { replayOfExecutionId: originalId } });
}
