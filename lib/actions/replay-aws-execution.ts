import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { markReplayOf } from "@/lib/store/mark-replay-of";
import type { AwsActionOptions } from "./aws-action-context";
import { getActionTargetOrThrow } from "./get-action-target";
import { getReplayEligibility } from "./replay-eligibility";
import { getReplayName } from "./replay-name";
import type { AwsReplayRequest } from "./replay-request";
import type { ActionTarget, Eligibility } from "./action-target";
import { runAwsAction, type AwsActionResult, type AwsActionSpec } from "./run-aws-action";
import { startReplayExecution, type StartedReplay } from "./start-replay-execution";

/** Settings of {@link replayAwsExecution}. */
export interface ReplayOptions extends AwsActionOptions {
  readonly now?: Date;
}

/** The default suffix: `-replay-` and the UTC time to the second (`-replay-20240320T101500`). */
export function defaultReplaySuffix(now: Date): string {
  return `-replay-${now.toISOString().slice(0, 19).replace(/[-:]/g, "")}`;
}

/**
 * Replays a stored AWS Standard execution: `StartExecution` of its state machine with the
 * same input, named after it (`name` + suffix, within 80 characters), then fetches the new
 * execution and records its lineage (`replay_of_execution_id`) in the audit row's
 * transaction. Audited as `execution.replay` with the new execution as result.
 */
export async function replayAwsExecution(
  db: Database,
  actor: Actor,
  executionArn: string,
  request: AwsReplayRequest,
  options: ReplayOptions = {},
): Promise<AwsActionResult<StartedReplay>> {
  const target = await getActionTargetOrThrow(db, executionArn);
  const name = getReplayName(target.name, request.nameSuffix ?? defaultReplaySuffix(options.now ?? new Date()));
  return runAwsAction(db, actor, buildReplaySpec(target, name, getReplayEligibility(target)), options);
}

/** The `execution.replay` action of `target` as the execution `name` (also used by bulk replays). */
export function buildReplaySpec(
  target: ActionTarget,
  name: string,
  eligibility: Eligibility,
): AwsActionSpec<StartedReplay> {
  return {
    action: "execution.replay",
    iamAction: "states:StartExecution",
    target,
    eligibility,
    details: { mode: "aws", name, stateMachineArn: target.stateMachineArn },
    call: (ctx) => startReplayExecution(ctx, target.stateMachineArn, name, target.input ?? "{}"),
    resultArn: (started) => started.executionArn,
    record: async (tx, ended) => {
      if (ended.outcome !== "OK") return;
      await markReplayOf(tx, ended.resultArn, target.id);
    },
  };
}
