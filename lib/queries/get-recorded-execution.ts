import type { PrismaClient } from "@/lib/db/generated/client";
import type { HistoryEvent } from "@/lib/history/types";
import { getHistoryEvents } from "./get-history-events";

/** What re-running a stored execution in the interpreter needs of it. */
export interface RecordedExecution {
  /** `executions.id` as text. */
  readonly id: string;
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly sourceKind: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  readonly region: string | null;
  readonly accountId: string | null;
  /** The execution input as recorded; null when the history holds none. */
  readonly input: string | null;
  readonly inputTruncated: boolean;
  /** The definition text it ran; null when none was stored (a bare history upload). */
  readonly definition: string | null;
  readonly events: readonly HistoryEvent[];
}

/** A stored execution with its history and definition, or null when no execution has that ARN. */
export async function getRecordedExecution(db: PrismaClient, executionArn: string): Promise<RecordedExecution | null> {
  const row = await db.execution.findUnique({
    where: { executionArn },
    select: {
      id: true,
      executionArn: true,
      name: true,
      status: true,
      region: true,
      accountId: true,
      input: true,
      inputTruncated: true,
      source: { select: { kind: true } },
      stateMachine: { select: { name: true, arn: true } },
      definition: { select: { definition: true } },
    },
  });
  const events = row === null ? null : await getHistoryEvents(db, executionArn);
  if (row === null || events === null) return null;
  return {
    id: row.id.toString(),
    executionArn: row.executionArn,
    name: row.name,
    status: row.status,
    sourceKind: row.source.kind,
    stateMachineName: row.stateMachine.name,
    stateMachineArn: row.stateMachine.arn,
    region: row.region,
    accountId: row.accountId,
    input: row.input,
    inputTruncated: row.inputTruncated,
    definition: row.definition?.definition ?? null,
    events,
  };
}
