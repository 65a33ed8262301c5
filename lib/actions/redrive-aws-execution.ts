import "server-only";
import { randomUUID } from "node:crypto";
import { RedriveExecutionCommand } from "@aws-sdk/client-sfn";
import { callAws } from "@/lib/aws/call-aws";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import type { AwsActionOptions } from "./aws-action-context";
import { getActionTargetOrThrow } from "./get-action-target";
import { getRedriveEligibility } from "./redrive-eligibility";
import { runAwsAction, type AwsActionResult } from "./run-aws-action";

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
export async function redriveAwsExecution(db: Database, actor: Actor, executionArn: string, options: RedriveOptions = {}): Promise<AwsActionResult<{ redriveDate: Date | null }>> {
  const target = await getActionTargetOrThrow(db, executionArn);
  const clientToken = options.clientToken ?? randomUUID();
  return runAwsAction(
    db,
    actor,
    {
      action: "execution.redrive",
      iamAction: "states:RedriveExecution",
      target,
      eligibility: getRedriveEligibility(target, options.now ?? new Date()),
      details: { clientToken },
      call: async (ctx) => {
        const out = await callAws(ctx.call, "RedriveExecution", (send) => ctx.clients.sfn.send(new RedriveExecutionCommand({ executionArn, clientToken }), send));
        return { redriveDate: out.redriveDate ?? null };
      },
      resultArn: () => executionArn,
    },
    options,
  );
}
