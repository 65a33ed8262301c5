// GET /api/executions/:arn/actions — which actions the execution allows (and why not), and its replay lineage
import { getExecutionActions } from "@/lib/actions/get-execution-actions";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return getExecutionActions(await readDb(), arn);
});
