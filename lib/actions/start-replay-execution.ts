import { DescribeExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { callAws } from "@/lib/aws/call-aws";
import { errorFacts } from "@/lib/aws/aws-error";
import type { AwsSyncContext } from "@/lib/ingest/aws-standard/aws-sync-context";

/** What `StartExecution` answered, and whether the execution already existed from an earlier identical call. */
export interface StartedReplay {
  readonly executionArn: string;
  readonly startDate: Date | null;
  readonly alreadyStarted: boolean;
}

/**
 * `StartExecution` of `stateMachineArn` named `name` with `input`. The name is the
 * idempotency key: when AWS answers `ExecutionAlreadyExists` and the execution of that
 * name has the same input, an earlier call (retried, or interrupted by a restart) started
 * it, and it is returned as started; with another input the error stands.
 */
export async function startReplayExecution(
  ctx: AwsSyncContext,
  stateMachineArn: string,
  name: string,
  input: string,
): Promise<StartedReplay> {
  try {
    const out = await callAws(ctx.call, "StartExecution", (send) =>
      ctx.clients.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }), send),
    );
    return { executionArn: out.executionArn ?? "", startDate: out.startDate ?? null, alreadyStarted: false };
  } catch (error) {
    if (errorFacts(error).code !== "ExecutionAlreadyExists") throw error;
    const executionArn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
    const existing = await callAws(ctx.call, "DescribeExecution", (send) =>
      ctx.clients.sfn.send(new DescribeExecutionCommand({ executionArn }), send),
    ).catch(() => null);
    if (!existing || existing.input === undefined || !sameJson(existing.input, input)) throw error;
    return { executionArn, startDate: existing.startDate ?? null, alreadyStarted: true };
  }
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}
