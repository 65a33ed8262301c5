// GET /api/executions/:arn — one execution's summary
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getExecutionDetail } from "@/lib/queries/get-execution-detail";
import { readDb } from "@/lib/api/read-your-writes";
import { cachedRead } from "@/lib/queries/cached-read";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  const db = await readDb();
  const detail = await cachedRead(db, ["execution-detail", arn], () => getExecutionDetail(db.prisma, arn));
  return orNotFound(detail, `Execution ${arn}`);
});
