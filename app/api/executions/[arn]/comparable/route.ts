// GET /api/executions/:arn/comparable — other executions of the same state machine (last success first)
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { listComparableExecutions } from "@/lib/queries/list-comparable-executions";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return { executions: orNotFound(await listComparableExecutions((await readDb()).prisma, arn), `Execution ${arn}`) };
});
