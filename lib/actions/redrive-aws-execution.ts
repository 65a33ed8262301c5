import { randomUUID } from "node:crypto";
import { RedriveExecutionCommand } from "@aws-sdk/client-sfn";
import { callAws } from "@/lib/aws/call-aws";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import type { AwsActionOptions } from "./aws-action-context";
import { getActionTargetOrThrow } from "./get-action-target";
import { getRedriveEligibility } from "./redrive-eligibility";
import type { ActionTarget, Eligibility } from "./action-target";
import { runAwsAction, type AwsActionResult, type AwsActionSpec } from "./run-aws-action";

/** Settings of {@link redriveAwsExecution}. */
export interface RedriveOptions extends AwsActionOptions {
  /** `clientToken` (1–64 characters): the same token again is the same redrive to AWS. Default a new UUID. */
  readonly clientToken?: string;
  readonly now?: Date;
}

/**
 * Redrives a stored AWS Standard execution (`RedriveExecution` with a `clientToken`, so a
 * retried call never redrives twice) after checking AWS's rules, then fetches it again so
 * its page shows the new attempt (`ExecutionRedriven` and the states run after it) beside
 * the old. Audited as `execution.redrive`.
 */
export async function redriveAwsExecution(
  db: Database,
  actor: Actor,
  executionArn: string,
  options: RedriveOptions = {},
): Promise<AwsActionResult<RedriveAnswer>> {
  const target = await getActionTargetOrThrow(db, executionArn);
  const spec = buildRedriveSpec(
    target,
    options.clientToken ?? randomUUID(),
    getRedriveEligibility(target, options.now ?? new Date()),
  );
  return runAwsAction(db, actor, spec, options);
}

/** What `RedriveExecution` answered. */
export interface RedriveAnswer {
  readonly redriveDate: Date | null;
}

/** The `execution.redrive` action on `target` with `clientToken` (also used by bulk redrives). */
export function buildRedriveSpec(
  target: ActionTarget,
  clientToken: string,
  eligibility: Eligibility,
): AwsActionSpec<RedriveAnswer> {
  const { executionArn } = target;
  return {
    action: "execution.redrive",
    iamAction: "states:RedriveExecution",
    target,
    eligibility,
    details: { clientToken },
    call: async (ctx) => {
      const out = await callAws(ctx.call, "RedriveExecution", (send) =>
        ctx.clients.sfn.send(new RedriveExecutionCommand({ executionArn, clientToken }), send),
      );
      return { redriveDate: out.redriveDate ?? null };
    },
    resultArn: () => executionArn,
  };
}
