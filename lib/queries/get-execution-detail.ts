import type { PrismaClient } from "@/lib/db/generated/client";
import type { ScopeSegment } from "@/lib/history/types";
import type { ExecutionDetail } from "./execution-detail-types";
import { getOutcomeExplanation } from "./get-outcome-explanation";

/** The execution page's header data, or null when no execution has that ARN. */
export async function getExecutionDetail(db: PrismaClient, executionArn: string): Promise<ExecutionDetail | null> {
  const e = await db.execution.findUnique({
    where: { executionArn },
    include: {
      stateMachine: { select: { name: true, arn: true } },
      source: { select: { name: true, kind: true, isDemo: true } },
      parentExecution: { select: { executionArn: true, name: true } },
    },
  });
  if (!e) return null;
  // The scope of the root cause lives on its state run; one small lookup by unique key.
  const rootRun = e.rootCauseRunKey
    ? await db.stateRun.findUnique({
        where: { executionId_key: { executionId: e.id, key: e.rootCauseRunKey } },
        select: { scope: true },
      })
    : null;
  return {
    id: e.id.toString(),
    executionArn: e.executionArn,
    name: e.name,
    stateMachineName: e.stateMachine.name,
    stateMachineArn: e.stateMachine.arn,
    type: e.type,
    status: e.status,
    startDate: e.startDate.toISOString(),
    stopDate: e.stopDate?.toISOString() ?? null,
    durationMs: e.durationMs === null ? null : Number(e.durationMs),
    input: e.input,
    output: e.output,
    error: e.error,
    cause: e.cause,
    rootCause: e.rootCauseState
      ? {
          stateName: e.rootCauseState,
          runKey: e.rootCauseRunKey,
          error: e.rootCauseError,
          cause: e.rootCauseCause,
          eventId: e.rootCauseEventId,
          scope: (rootRun?.scope ?? []) as unknown as ScopeSegment[],
        }
      : null,
    redriveCount: e.redriveCount,
    redriveStatus: e.redriveStatus,
    eventCount: e.eventCount,
    billableTransitions: e.billableTransitions,
    retries: e.retries,
    sourceName: e.source.name,
    sourceKind: e.source.kind,
    isDemo: e.source.isDemo,
    accountId: e.accountId,
    region: e.region,
    hasDefinition: e.definitionId !== null,
    historyComplete: e.historyComplete,
    partialReason: e.partialReason,
    roleArn: e.roleArn,
    stateMachineVersionArn: e.stateMachineVersionArn,
    stateMachineAliasArn: e.stateMachineAliasArn,
    traceHeader: e.traceHeader,
    parent: e.parentExecution ? { executionArn: e.parentExecution.executionArn, name: e.parentExecution.name } : null,
    mapRunArn: e.mapRunArn,
    outcome: await getOutcomeExplanation(db, e),
  };
}
