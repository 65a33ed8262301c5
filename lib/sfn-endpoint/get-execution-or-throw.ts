import { sfnEndpointRows, type SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";
import type { EndpointContext } from "./endpoint-context";
import { checkExecutionArn } from "./sfn-arns";
import { SfnError } from "./sfn-error";

/** The execution an ARN names; `ExecutionDoesNotExist` as AWS words it; an Express execution's ARN is `InvalidArn` unless `standardOnly` is false. */
export async function getExecutionOrThrow(
  ctx: EndpointContext,
  arn: string,
  standardOnly = true,
): Promise<SfnExecutionRow> {
  checkExecutionArn(arn, standardOnly);
  const row = await sfnEndpointRows.getExecution(ctx.db.prisma, arn);
  if (row === null) throw new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
  return row;
}
