import "server-only";
import { StopExecutionCommand } from "@aws-sdk/client-sfn";
import { z } from "zod";
import { callAws } from "@/lib/aws/call-aws";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import type { AwsActionOptions } from "./aws-action-context";
import { getActionTargetOrThrow } from "./get-action-target";
import { runAwsAction, type AwsActionResult } from "./run-aws-action";
import { getStopEligibility } from "./stop-eligibility";

/** Body of `POST /api/executions/:arn/stop`: AWS's `error` (≤ 256 characters) and `cause` (≤ 32,768). */
export const stopRequestSchema = z.object({
  error: z.string().trim().min(1).max(256).optional(),
  cause: z.string().trim().min(1).max(32_768).optional(),
});
export type StopRequest = z.infer<typeof stopRequestSchema>;

/**
 * Stops a RUNNING AWS Standard execution (`StopExecution` with the operator's `error` and
 * `cause`), then fetches it again so its page shows `ExecutionAborted`. Audited as
 * `execution.stop`.
 */
export async function stopAwsExecution(
  db: Database,
  actor: Actor,
  executionArn: string,
  request: StopRequest,
  options: AwsActionOptions = {},
): Promise<AwsActionResult<{ stopDate: Date | null }>> {
  const target = await getActionTargetOrThrow(db, executionArn);
  return runAwsAction(
    db,
    actor,
    {
      action: "execution.stop",
      iamAction: "states:StopExecution",
      target,
      eligibility: getStopEligibility(target),
      details: { ...request },
      call: async (ctx) => {
        const out = await callAws(ctx.call, "StopExecution", (send) =>
          ctx.clients.sfn.send(new StopExecutionCommand({ executionArn, ...request }), send),
        );
        return { stopDate: out.stopDate ?? null };
      },
      resultArn: () => executionArn,
    },
    options,
  );
}
