import { AppError } from "@/lib/errors/app-error";
import type { Database } from "@/lib/db/database";
import type { ActionTarget } from "./action-target";

const targetSelect = {
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
} as const;

type TargetRow = { source: { name: string; kind: ActionTarget["sourceKind"] }; stateMachine: { arn: string } } & Omit<
  ActionTarget,
  "sourceName" | "sourceKind" | "stateMachineArn"
>;

function toTarget({ source, stateMachine, ...rest }: TargetRow): ActionTarget {
  return { ...rest, sourceName: source.name, sourceKind: source.kind, stateMachineArn: stateMachine.arn };
}

/** The stored execution `executionArn` as the action checks see it; 404 when it is not stored. */
export async function getActionTargetOrThrow(
  db: Pick<Database, "prisma">,
  executionArn: string,
): Promise<ActionTarget> {
  const row = await db.prisma.execution.findUnique({ where: { executionArn }, select: targetSelect });
  if (!row) throw new AppError({ code: "not_found", message: `Execution ${executionArn} not found` });
  return toTarget(row);
}

/** The stored executions of `ids` as action targets, in the order of `ids`. */
export async function getActionTargets(db: Pick<Database, "prisma">, ids: readonly bigint[]): Promise<ActionTarget[]> {
  const rows = await db.prisma.execution.findMany({ where: { id: { in: [...ids] } }, select: targetSelect });
  const byId = new Map(rows.map((r) => [r.id, toTarget(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
