// GET /api/executions/:arn — one execution's summary
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getExecutionDetail } from "@/lib/queries/get-execution-detail";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return orNotFound(await getExecutionDetail((await getDb()).prisma, arn), `Execution ${arn}`);
});
