import { sfnEndpointRows, type SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";
import type { EndpointContext } from "./endpoint-context";
import { checkExecutionArn } from "./sfn-arns";
import { SfnError } from "./sfn-error";

/** The execution an ARN names; `ExecutionDoesNotExist` as AWS words it. */
export async function getExecutionOrThrow(ctx: EndpointContext, arn: string): Promise<SfnExecutionRow> {
  checkExecutionArn(arn);
  const row = await sfnEndpointRows.getExecution(ctx.db.prisma, arn);
  if (row === null) throw new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
  return row;
}
