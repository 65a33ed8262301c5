// GET /api/executions/:arn/view — definition and state runs with attempts, for the Graph and Timeline tabs
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getExecutionView } from "@/lib/queries/get-execution-view";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return orNotFound(await getExecutionView((await getDb()).prisma, arn), `Execution ${arn}`);
});
