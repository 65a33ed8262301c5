import "server-only";
import type { Database } from "@/lib/db/database";
import type { Eligibility } from "./action-target";
import { getActionTargetOrThrow } from "./get-action-target";
import { getExecutionLineage, type ExecutionLineage } from "./get-execution-lineage";
import { getRedriveEligibility } from "./redrive-eligibility";
import { getReplayEligibility } from "./replay-eligibility";
import { getStopEligibility } from "./stop-eligibility";

/** Which AWS actions an execution allows (with every reason when not), and its replay lineage. */
export interface ExecutionActions {
  readonly executionArn: string;
  readonly sourceKind: "AWS" | "LOCAL" | "UPLOAD" | "DEMO";
  readonly status: string;
  readonly redrive: Eligibility;
  readonly replay: Eligibility;
  readonly stop: Eligibility;
  readonly lineage: ExecutionLineage;
}

/** What `GET /api/executions/:arn/actions` answers; 404 when the execution is not stored. */
export async function getExecutionActions(
  db: Database,
  executionArn: string,
  now = new Date(),
): Promise<ExecutionActions> {
  const target = await getActionTargetOrThrow(db, executionArn);
  return {
    executionArn,
    sourceKind: target.sourceKind,
    status: target.status,
    redrive: getRedriveEligibility(target, now),
    replay: getReplayEligibility(target),
    stop: getStopEligibility(target),
    lineage: await getExecutionLineage(db.pool, executionArn),
  };
}
