// GET /api/executions/:arn/definition — the ASL definition the execution ran, if one is stored
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";
import { getExecutionDefinition } from "@/lib/queries/get-execution-definition";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return orNotFound(await getExecutionDefinition((await readDb()).prisma, arn), `Execution ${arn}`);
});
