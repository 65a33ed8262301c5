import "server-only";
import { AppError } from "@/lib/api/errors";
import type { Database } from "@/lib/db/database";
import type { ActionTarget } from "./action-target";

/** The stored execution `executionArn` as the action checks see it; 404 when it is not stored. */
export async function getActionTargetOrThrow(db: Pick<Database, "prisma">, executionArn: string): Promise<ActionTarget> {
  const row = await db.prisma.execution.findUnique({
    where: { executionArn },
    select: {
      id: true,
      executionArn: true,
      name: true,
      sourceId: true,
      type: true,
      status: true,
      startDate: true,
      stopDate: true,
      eventCount: true,
      redriveStatus: true,
      redriveStatusReason: true,
      redriveCount: true,
      input: true,
      inputTruncated: true,
      source: { select: { name: true, kind: true } },
      stateMachine: { select: { arn: true } },
    },
  });
  if (!row) throw new AppError({ code: "not_found", message: `Execution ${executionArn} not found` });
  const { source, stateMachine, ...rest } = row;
  return { ...rest, sourceName: source.name, sourceKind: source.kind, stateMachineArn: stateMachine.arn };
}
