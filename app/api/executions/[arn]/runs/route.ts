// GET /api/executions/:arn/runs — every state run in entry order
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { listStateRunRows } from "@/lib/queries/list-state-run-rows";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return { runs: orNotFound(await listStateRunRows((await readDb()).prisma, arn), `Execution ${arn}`) };
});
